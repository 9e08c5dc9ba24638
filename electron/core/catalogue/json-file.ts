/**
 * One small JSON file, read fresh on every use (so two handles on the same folder never disagree) and
 * replaced atomically (temporary file, flushed, renamed over the old one), so a crash mid-write leaves
 * the previous version whole. A file that cannot be read is kept aside, never overwritten.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { z } from 'zod';
import { UserError } from '../errors.ts';

export interface JsonFile<T> {
  read(): T;
  write(value: T): void;
}

export function jsonFile<S extends z.ZodType>(path: string, schema: S, empty: () => z.output<S>): JsonFile<z.output<S>> {
  let writes = 0;
  return {
    read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty();
        throw error;
      }
      let problem: string;
      try {
        const parsed = schema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
        const issue = parsed.error.issues[0];
        problem = `${issue.path.join('.') || 'the file'}: ${issue.message}`;
      } catch (error) {
        problem = `not valid JSON (${(error as Error).message})`;
      }
      // Keep what the user recorded for a person to recover; start afresh, and say so once.
      const aside = `${path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(path, aside);
      throw new UserError(
        'catalogue-unreadable',
        `${basename(path)} in ${dirname(path)} could not be read (${problem}). It was kept as ${basename(aside)} and a new one is started: record the details again, or repair that file and put it back.`,
      );
    },
    write(value) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${++writes}.tmp`;
      const fd = openSync(temporary, 'w');
      try {
        writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, path);
    },
  };
}
