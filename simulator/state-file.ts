/** The simulator's stored leads on disk (`--state-file`), so that a restarted simulator still has them. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { LeadStore, StoredState } from './lead-store.ts';
import { type Lead, validPhones } from './rules.ts';

/** Puts back the leads a state file holds; a missing file is a first run. A damaged one is refused, naming the place. */
export function loadStateFile(file: string, leads: LeadStore): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`state file ${file}: ${(error as Error).message}`);
  }
  let saved: { campaigns?: Record<string, { leads?: unknown }> };
  try {
    saved = JSON.parse(text);
  } catch (error) {
    throw new Error(`state file ${file} is not JSON (${(error as Error).message}); move it away to start empty`);
  }
  for (const [id, c] of Object.entries(saved.campaigns ?? {})) {
    if (!Array.isArray(c.leads)) throw new Error(`state file ${file}: campaign ${id} has no leads list`);
    c.leads.forEach((lead: unknown, i: number) => {
      const { __allocationId, ...fields } = (lead ?? {}) as Lead;
      if (!__allocationId || !Object.values(fields).every((v) => typeof v === 'string')) {
        throw new Error(`state file ${file}: campaign ${id}, lead ${i + 1} is not a stored lead`);
      }
      leads.restore(Number(id), fields, Number(__allocationId), validPhones(fields));
    });
  }
}

/** Writes the campaigns atomically (a temporary file renamed over the old one); a failure is said, not thrown. */
export function saveStateFile(file: string, campaigns: StoredState['campaigns']): void {
  const temp = `${file}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify({ campaigns }));
    renameSync(temp, file);
  } catch (error) {
    console.error(`simulator: could not save ${file}: ${(error as Error).message}`);
  }
}
