/**
 * The layer rules of docs/architecture.md, as code: which folder may import what.
 * `layers.test.ts` runs them over the tree so that a violation fails `npm test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

export interface Violation {
  file: string;
  line: number;
  rule: string;
}

const builtins = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
const IMPORT_PATTERNS = [
  /\bfrom\s+['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\s+['"]([^'"]+)['"]/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];
const DOM_GLOBALS = /\b(window|document|localStorage|sessionStorage|navigator|HTMLElement|EventSource)\s*[.([]/;

const isNodeModule = (spec: string) => spec.startsWith('node:') || builtins.has(spec.split('/')[0]);
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');
const isReact = (spec: string) => /^(react|react-dom|zustand|@tanstack\/react-)/.test(spec);

interface Rule {
  name: string;
  folder: string;
  check(spec: string, resolvedFromRoot: string | undefined): boolean;
  checkLine?(line: string): boolean;
}

const RULES: Rule[] = [
  {
    name: 'shared/ imports nothing from node:, electron or React, and uses no DOM globals',
    folder: 'shared',
    check: (spec, target) =>
      isNodeModule(spec) || isElectron(spec) || isReact(spec) || (target !== undefined && !target.startsWith('shared/')),
    checkLine: (line) => DOM_GLOBALS.test(line),
  },
  {
    name: 'renderer/ imports nothing from node: or electron, and only shared/ outside itself',
    folder: 'renderer/src',
    check: (spec, target) =>
      isNodeModule(spec) ||
      isElectron(spec) ||
      (target !== undefined && !target.startsWith('renderer/') && !target.startsWith('shared/')),
  },
  {
    name: 'electron/core/ imports nothing from electron, the shell, the renderer or the simulator',
    folder: 'electron/core',
    check: (spec, target) =>
      isElectron(spec) || (target !== undefined && /^(electron\/(main|preload|web|cli)|renderer|simulator)\//.test(target)),
  },
  {
    name: 'electron/cli/ imports nothing from electron, the shell or the renderer',
    folder: 'electron/cli',
    check: (spec, target) =>
      isElectron(spec) || (target !== undefined && /^(electron\/(main|preload|web)|renderer)\//.test(target)),
  },
  {
    name: 'electron/web/ imports nothing from electron or the renderer',
    folder: 'electron/web',
    check: (spec, target) => isElectron(spec) || target?.startsWith('renderer/') === true,
  },
  {
    name: 'simulator/ stands alone: nothing from the app',
    folder: 'simulator',
    check: (spec, target) => isElectron(spec) || (target !== undefined && !target.startsWith('simulator/')),
  },
];

function sourceFiles(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Strips comments so that prose about imports does not count as an import. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function checkFile(root: string, file: string, rule: Rule): Violation[] {
  const rel = relative(root, file).split('\\').join('/');
  const text = stripComments(readFileSync(file, 'utf8'));
  const violations: Violation[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (rule.checkLine?.(line)) violations.push({ file: rel, line: index + 1, rule: rule.name });
    for (const pattern of IMPORT_PATTERNS) {
      for (const match of line.matchAll(pattern)) {
        const spec = match[1];
        const target = spec.startsWith('.')
          ? relative(root, join(file, '..', spec))
              .split('\\')
              .join('/')
          : undefined;
        if (rule.check(spec, target)) violations.push({ file: rel, line: index + 1, rule: `${rule.name} (imports "${spec}")` });
      }
    }
  });
  return violations;
}

export function checkLayers(root: string): Violation[] {
  return RULES.flatMap((rule) => sourceFiles(join(root, rule.folder)).flatMap((file) => checkFile(root, file, rule)));
}
