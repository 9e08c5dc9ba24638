/**
 * A clean install prints no warning a user cannot act on: npm 11 warns about every dependency whose install
 * script `allowScripts` in package.json does not decide (allow or deny). package-lock.json marks those
 * dependencies (`hasInstallScript`), so a new one is caught here, before an install shows the warning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));

describe('install scripts', () => {
  it('allowScripts decides every dependency that has an install script', () => {
    const lock = read('package-lock.json') as { packages: Record<string, { hasInstallScript?: boolean }> };
    const decided = Object.keys((read('package.json') as { allowScripts?: Record<string, boolean> }).allowScripts ?? {});
    const withScripts = Object.entries(lock.packages)
      // '' is this project itself (its preinstall only checks the Node version).
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => !decided.includes(name))).toEqual([]);
  });
});
