import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectSource, readSource } from './index.ts';
import { MAX_COLUMNS } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the column cap of a text file', () => {
  it('refuses a file wider than a spreadsheet can be, naming the row and the count', async () => {
    const path = join(dir, 'wide.csv');
    const row = (label: string) => Array.from({ length: 60_000 }, (_, i) => `${label}${i}`).join(',');
    writeFileSync(path, `${row('h')}\n${row('v')}\n`);
    const message = `wide.csv: row 1 has 60,000 columns, more than the 16,384 a spreadsheet can hold: this is not a list of leads (check the delimiter)`;
    await expect(inspectSource(path, {})).rejects.toThrow(message);
  });

  it('refuses a wide row further down, and takes a file of exactly the cap', async () => {
    const path = join(dir, 'late.csv');
    const lines = ['Name,Phone', ...Array.from({ length: 300 }, (_, i) => `L${i},0412000${String(i).padStart(3, '0')}`)];
    lines.push(Array.from({ length: MAX_COLUMNS + 1 }, () => 'x').join(','));
    writeFileSync(path, `${lines.join('\n')}\n`);
    const read = async () => {
      for await (const _batch of readSource(path, {})) {
        // read to the end
      }
    };
    await expect(read()).rejects.toThrow(/row 302 has 16,385 columns/);
    const exact = join(dir, 'exact.csv');
    writeFileSync(exact, `${Array.from({ length: MAX_COLUMNS }, (_, i) => `c${i}`).join(',')}\nBob\n`);
    expect((await inspectSource(exact, {})).headers).toHaveLength(MAX_COLUMNS);
  });
});
