/**
 * Test fixtures for reading files: a temporary folder of test files, removed after the test file, and a
 * whole read gathered into rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { readSource, type SourceRow } from '../ingest/index.ts';

/** A folder for one test file's inputs; `file(name, content)` writes one and returns its path. */
export function sourceFolder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name: string, content: string | Uint8Array): string {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** Every row of a file, read as the app reads it. */
export async function readAll(path: string, options = {}, control = {}): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const batch of readSource(path, options, control)) rows.push(...batch);
  return rows;
}
