/** The `jobs` table: a job's file, source, mapping, target, settings, state and counts. */
import type { FileFingerprint, JobState } from '../../../shared/contract.ts';
import { base, now, parseJson, SPAN, type StoreDatabase } from './database.ts';
import { emptyCounts, type JobRecord, type SourceMeta } from './records.ts';
import { removeUpload } from './uploads-folder.ts';

const toJob = (r: Record<string, unknown>): JobRecord => ({
  id: String(r.id),
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  state: r.state as JobState,
  message: (r.message as string | null) ?? undefined,
  fileName: r.file_name as string,
  filePath: r.file_path as string,
  source: JSON.parse(r.source_json as string),
  fingerprint: parseJson(r.fingerprint),
  mapping: parseJson(r.mapping_json),
  options: parseJson(r.options_json),
  target: parseJson(r.target_json),
  settings: parseJson(r.settings_json),
  counts: { ...emptyCounts(), ...JSON.parse(r.counts_json as string) },
  sendOnly: r.send_only === 'fixed' ? 'fixed' : undefined,
});

export type JobPatch = Partial<
  Pick<JobRecord, 'state' | 'message' | 'mapping' | 'options' | 'target' | 'settings' | 'counts' | 'source' | 'sendOnly'>
>;

export function createJobsTable({ sql, transaction, dataDir }: StoreDatabase) {
  return {
    createJob(input: {
      fileName: string;
      filePath: string;
      source: SourceMeta;
      fingerprint?: FileFingerprint;
      state?: JobState;
    }): string {
      const t = now();
      const result = sql(
        'INSERT INTO jobs (created_at, updated_at, state, file_name, file_path, source_json, fingerprint, counts_json) VALUES (?,?,?,?,?,?,?,?)',
      ).run(
        t,
        t,
        input.state ?? 'reading',
        input.fileName,
        input.filePath,
        JSON.stringify(input.source),
        input.fingerprint ? JSON.stringify(input.fingerprint) : null,
        JSON.stringify(emptyCounts()),
      );
      return String(result.lastInsertRowid);
    },

    updateJob(id: string, patch: JobPatch): void {
      const sets: string[] = ['updated_at = ?'];
      const values: (string | null)[] = [now()];
      const json = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        values.push(value === undefined ? null : JSON.stringify(value));
      };
      if ('state' in patch) {
        sets.push('state = ?');
        values.push(patch.state as string);
      }
      if ('message' in patch) {
        sets.push('message = ?');
        values.push(patch.message ?? null);
      }
      if ('mapping' in patch) json('mapping_json', patch.mapping);
      if ('options' in patch) json('options_json', patch.options);
      if ('target' in patch) json('target_json', patch.target);
      if ('settings' in patch) json('settings_json', patch.settings);
      if ('counts' in patch) json('counts_json', patch.counts);
      if ('source' in patch) json('source_json', patch.source);
      if ('sendOnly' in patch) {
        sets.push('send_only = ?');
        values.push(patch.sendOnly ?? null);
      }
      sql(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, Number(id));
    },

    getJob(id: string): JobRecord | undefined {
      const r = sql('SELECT * FROM jobs WHERE id = ?').get(Number(id)) as Record<string, unknown> | undefined;
      return r ? toJob(r) : undefined;
    },

    listJobs(): JobRecord[] {
      return (sql('SELECT * FROM jobs ORDER BY id DESC').all() as Record<string, unknown>[]).map(toJob);
    },

    /** Deletes a job with its leads and attempts, and the uploaded copy of its file (browser mode), if any. */
    deleteJob(id: string): void {
      const filePath = (sql('SELECT file_path FROM jobs WHERE id = ?').get(Number(id)) as { file_path: string } | undefined)
        ?.file_path;
      transaction(() => {
        sql('DELETE FROM leads WHERE id >= ? AND id < ?').run(base(id), base(id) + SPAN);
        sql('DELETE FROM attempts WHERE job_id = ?').run(Number(id));
        sql('DELETE FROM edit_rows WHERE edit_id IN (SELECT id FROM edits WHERE job_id = ?)').run(Number(id));
        sql('DELETE FROM edits WHERE job_id = ?').run(Number(id));
        sql('DELETE FROM jobs WHERE id = ?').run(Number(id));
      });
      if (filePath) removeUpload(dataDir, filePath);
    },

    findJobsByFingerprint(fingerprint: FileFingerprint): JobRecord[] {
      return (
        sql('SELECT * FROM jobs WHERE fingerprint = ? ORDER BY id DESC').all(JSON.stringify(fingerprint)) as Record<
          string,
          unknown
        >[]
      ).map(toJob);
    },
  };
}
