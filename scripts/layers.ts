/**
 * The layer rules of docs/architecture.md, checked by dependency-cruiser with the rules in
 * `.dependency-cruiser.mjs` (`npm run layers` prints them; `layers.test.ts` runs them inside `npm test`).
 * The one rule that is not about imports (no DOM globals in shared/) is Biome's `noRestrictedGlobals`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { cruise } from 'dependency-cruiser';
import layerRules from '../.dependency-cruiser.mjs';

export interface Violation {
  from: string;
  to: string;
  rule: string;
}

/** The folders whose imports the rules speak of. */
export const LAYER_FOLDERS = ['electron', 'shared', 'renderer/src', 'simulator'];

/** Every import in the tree at `root` that breaks a layer rule (an empty list when the layers hold). */
export async function checkLayers(root: string): Promise<Violation[]> {
  const previous = process.cwd();
  // dependency-cruiser resolves the paths it is given, and names modules, relative to the working folder.
  process.chdir(root);
  try {
    const folders = LAYER_FOLDERS.filter((folder) => existsIn(root, folder));
    const result = await cruise(folders, {
      ...layerRules.options,
      ruleSet: { forbidden: layerRules.forbidden },
      validate: true,
    });
    if (typeof result.output === 'string') throw new Error(`dependency-cruiser returned text: ${result.output.slice(0, 200)}`);
    return result.output.summary.violations.map((v) => ({ from: v.from, to: v.to, rule: v.rule.name }));
  } finally {
    process.chdir(previous);
  }
}

function existsIn(root: string, folder: string): boolean {
  try {
    return statSync(join(root, folder)).isDirectory();
  } catch {
    return false;
  }
}

if (import.meta.main) {
  const violations = await checkLayers(join(import.meta.dirname, '..'));
  for (const v of violations) console.error(`${v.rule}: ${v.from} → ${v.to}`);
  console.log(violations.length ? `${violations.length} layer violations` : 'The layers hold.');
  process.exit(violations.length ? 1 : 0);
}
