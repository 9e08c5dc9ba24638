import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers } from './layers.ts';

const root = join(import.meta.dirname, '..');
const scratch: string[] = [];
/** A tree of its own, with the project's installed packages, so that imports resolve as they do here. */
const scratchTree = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  scratch.push(dir);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('layer rules of docs/architecture.md (dependency-cruiser)', () => {
  it('hold for the whole tree', async () => {
    expect(await checkLayers(root)).toEqual([]);
  });

  it.each([
    ['shared/bad.ts', "import fs from 'node:fs';\nexport const x = fs;", 'shared-no-node-builtins'],
    ['shared/bad.ts', "import { readFile } from 'fs';\nexport const x = readFile;", 'shared-no-node-builtins'],
    ['shared/bad.ts', "import { useState } from 'react';\nexport const x = useState;", 'shared-is-pure'],
    [
      'renderer/src/bad.ts',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;",
      'renderer-no-node-or-electron',
    ],
    ['renderer/src/bad.ts', "import { join } from 'node:path';\nexport const x = join;", 'renderer-no-node-builtins'],
    ['electron/core/bad.ts', "import { app } from 'electron';\nexport const x = app;", 'core-is-plain-node'],
    ['electron/core/bad.ts', "export const sim = await import('../../simulator/server.ts');", 'core-is-plain-node'],
    ['electron/cli/bad.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;", 'cli-is-headless'],
    ['electron/main/bad.ts', "import { buildApi } from '../preload/surface.ts';\nexport const x = buildApi;", 'main-not-preload'],
    ['electron/preload/bad.ts', "import { x } from '../core/service.ts';\nexport const y = x;", 'preload-only-shared'],
    ['electron/web/bad.ts', "import { x } from '../../renderer/src/store.ts';\nexport const y = x;", 'web-is-plain-node'],
    ['simulator/bad.ts', "import { x } from '../shared/contract.ts';\nexport const y = x;", 'simulator-stands-alone'],
    ['shared/bad.ts', "import { x } from './no-such-file.ts';\nexport const y = x;", 'resolvable'],
    ['electron/core/bad.ts', "import { x } from './testing/fixture.ts';\nexport const y = x;", 'fixtures-only-in-tests'],
  ])('catch %s doing %s', async (file, text, rule) => {
    const targets: Record<string, string> = {
      'electron/preload/surface.ts': 'export const buildApi = 1;',
      'electron/core/service.ts': 'export const x = 1;',
      'renderer/src/store.ts': 'export const x = 1;',
      'simulator/server.ts': 'export const x = 1;',
      'shared/contract.ts': 'export const x = 1;',
      'electron/core/testing/fixture.ts': 'export const x = 1;',
    };
    const dir = scratchTree({ ...targets, [file]: `// import 'node:fs' in a comment does not count\n${text}\n` });
    const violations = await checkLayers(dir);
    // One bad import may break more than one rule; each violation is the bad file's, and the rule named is among them.
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.filter((v) => v.from !== file)).toEqual([]);
    expect(violations.map((v) => v.rule)).toContain(rule);
  });

  it('keep DOM globals out of shared/ (Biome noRestrictedGlobals)', () => {
    const probe = join(root, 'shared', `.layers-probe-${process.pid}.ts`);
    writeFileSync(probe, 'export const w = () => window.location;\n');
    try {
      const biome = spawnSync(process.execPath, [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'lint', probe], {
        encoding: 'utf8',
      });
      expect(biome.status).not.toBe(0);
      expect(biome.stdout + biome.stderr).toContain('noRestrictedGlobals');
    } finally {
      rmSync(probe, { force: true });
    }
  });
});
