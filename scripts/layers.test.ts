import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers } from './layers.ts';

const root = join(import.meta.dirname, '..');
const scratch: string[] = [];
const scratchDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('layer rules of docs/architecture.md', () => {
  it('hold for the whole tree', () => {
    expect(checkLayers(root)).toEqual([]);
  });

  it.each([
    ['shared/bad.ts', "import fs from 'node:fs';", 'shared/'],
    ['shared/bad.ts', "import { readFile } from 'fs';", 'shared/'],
    ['shared/bad.ts', 'export const w = () => window.location;', 'shared/'],
    ['shared/bad.ts', "import { useState } from 'react';", 'shared/'],
    ['renderer/src/bad.ts', "import { ipcRenderer } from 'electron';", 'renderer/'],
    ['renderer/src/bad.ts', "import { join } from 'node:path';", 'renderer/'],
    ['renderer/src/bad.ts', "import { x } from '../../electron/core/service.ts';", 'renderer/'],
    ['electron/core/bad.ts', "import { app } from 'electron';", 'electron/core/'],
    ['electron/core/bad.ts', "const sim = await import('../../simulator/server.ts');", 'electron/core/'],
    ['electron/cli/bad.ts', "import { BrowserWindow } from 'electron';", 'electron/cli/'],
  ])('catch %s doing %s', (file, line, layer) => {
    const dir = scratchDir();
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), `// a comment that mentions import 'node:fs' does not count\n${line}\n`);
    const violations = checkLayers(dir);
    expect(violations).toHaveLength(1);
    expect(violations[0].file).toBe(file);
    expect(violations[0].rule).toContain(layer);
  });

  it('ignore imports mentioned in comments', () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'shared'), { recursive: true });
    writeFileSync(
      join(dir, 'shared', 'ok.ts'),
      "/* import fs from 'node:fs' */\n// import x from 'electron'\nexport const ok = 1;\n",
    );
    expect(checkLayers(dir)).toEqual([]);
  });
});
