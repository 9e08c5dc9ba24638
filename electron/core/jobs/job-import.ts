/**
 * Reading a file into a job: the inspection (a sample: header, preview, detection) and the one read of the
 * whole file, with the job's rules applied on the way in when they are known (the app, once its mapping and
 * target are chosen on the inspection's sample; the CLI). The read reuses the inspection of the same file and
 * choices instead of inspecting it again. A file that fails to read leaves no job behind.
 */
import { stat } from 'node:fs/promises';
import type { Counts } from '../../../shared/contract.ts';
import { inspectSource, isStreamedFile, type ReadProgress, type SourceInfo, type SourceOptions } from '../ingest/index.ts';
import { emptyCounts, type JobRecord } from '../store/job-store.ts';
import { countBatch } from '../store/lead-batch.ts';
import { storageErrorOf } from '../store/storage-error.ts';
import type { BuildSpec, JobContext } from './job-context.ts';
import { prepareReader, readLeads } from './lead-reader.ts';
import { createRowRules } from './row-rules.ts';

/** About how many rows a file holds, from its size and its first rows' length (a sizing hint, not a count). */
function expectedRows(info: SourceInfo): number {
  if (info.rowsHint) return info.rowsHint;
  const rows = info.previewRows;
  if (info.kind !== 'csv' || rows.length === 0) return 0;
  const bytes = rows.reduce((sum, row) => sum + row.reduce((n, cell) => n + cell.length + 1, 0), 0);
  return Math.ceil(info.fingerprint.size / Math.max(8, bytes / rows.length));
}

/** Inspections kept for the read that follows them: the few last files looked at. */
const KEPT_INSPECTIONS = 8;

const choiceKey = (path: string, o: SourceOptions) => JSON.stringify([path, o.sheet, o.headerRow, o.encoding, o.delimiter]);

export interface ImportResult {
  jobId: string;
  info: SourceInfo;
  counts: Counts;
}

export function createJobImport(ctx: JobContext, remember: (jobId: string, spec: BuildSpec) => void) {
  const { store } = ctx;
  const inspections = new Map<string, SourceInfo>();

  const keep = (path: string, options: SourceOptions, info: SourceInfo) => {
    // Under the choices as asked and as resolved (the sheet and header row found), so that a read naming
    // what the inspection found finds it too.
    const resolved = { ...options, sheet: info.sheet, headerRow: info.headerRow };
    for (const key of [choiceKey(path, options), choiceKey(path, resolved)]) {
      inspections.delete(key);
      inspections.set(key, info);
    }
    while (inspections.size > KEPT_INSPECTIONS * 2) inspections.delete(inspections.keys().next().value as string);
  };

  /** The inspection of this file and these choices, if the file has not changed since (size and time). */
  const kept = async (path: string, options: SourceOptions): Promise<SourceInfo | undefined> => {
    const info = inspections.get(choiceKey(path, options));
    if (!info) return undefined;
    const now = await stat(path).catch(() => undefined);
    const same = now && now.size === info.fingerprint.size && Math.floor(now.mtimeMs) === info.fingerprint.mtimeMs;
    return same ? info : undefined;
  };

  return {
    async inspect(path: string, options: SourceOptions): Promise<SourceInfo & { sameFileJobs: JobRecord[] }> {
      // A text file is read by a worker thread: start it now, so that it is ready when the import starts.
      if (isStreamedFile(path)) prepareReader();
      const info = await inspectSource(path, options);
      keep(path, options, info);
      return { ...info, sameFileJobs: store.findJobsByFingerprint(info.fingerprint) };
    },

    /**
     * Reads the whole file into a new job. With a build spec (the app once the mapping and target are chosen,
     * the CLI) each row is mapped and validated on the way in, in the reader's worker; without one rows are
     * kept as read until a mapping is applied.
     */
    async importFile(
      path: string,
      sourceOptions: SourceOptions,
      spec?: BuildSpec,
      onProgress?: (jobId: string, progress: ReadProgress) => void,
      onCreated?: (jobId: string) => void,
    ): Promise<ImportResult> {
      if (isStreamedFile(path)) prepareReader();
      const before = await kept(path, sourceOptions);
      const info = before ?? (await inspectSource(path, sourceOptions));
      const source = {
        kind: info.kind,
        sheet: info.sheet,
        headerRow: info.headerRow,
        encoding: info.encoding,
        delimiter: info.delimiter,
        headers: info.headers,
        rawHeaders: info.rawHeaders,
      };
      const rules = spec
        ? { headers: info.headers, mapping: spec.mapping, options: spec.options, fields: spec.fields }
        : undefined;
      // A mapping that does not fit the file is refused before a job exists.
      if (rules) createRowRules(rules);
      const jobId = store.createJob({ fileName: info.fileName, filePath: path, source, fingerprint: info.fingerprint });
      const abort = new AbortController();
      ctx.reads.set(jobId, abort);
      const resumeCheckpoints = store.deferCheckpoints();
      onCreated?.(jobId);
      // Counted as rows are stored: a count over a million stored rows afterwards would read them all again.
      const counts = emptyCounts();
      let lastRow = info.headerRow;
      try {
        // A read's commits do not wait for the disk (see the top of job-store.ts); the batches come on
        // later turns of the event loop, so each write sets it for itself.
        const batches = readLeads({
          path,
          kind: info.kind,
          options: { ...sourceOptions, sheet: info.sheet, headerRow: info.headerRow },
          rules,
          ledger: spec ? ctx.ledgerFor(spec.target) : undefined,
          expectedRows: expectedRows(info),
          control: { signal: abort.signal, onProgress: (p) => onProgress?.(jobId, p) },
        });
        for await (const batch of batches) {
          store.unsynced(() => store.insertBatch(jobId, batch));
          countBatch(batch, counts);
          lastRow = batch.rowNumbers.at(-1) ?? lastRow;
        }
        // Rows are numbered as the file's rows (records, for a text file): those between the header and the
        // last lead that are not leads were empty, and were left out. Empty rows after the last lead are not
        // counted (a file's final line break is no row).
        const emptyRows = lastRow - info.headerRow - counts.total;
        store.unsynced(() =>
          store.updateJob(jobId, {
            state: 'draft',
            counts,
            ...(emptyRows > 0 ? { source: { ...source, emptyRows } } : {}),
            ...(spec ? { mapping: spec.mapping, options: spec.options, target: spec.target } : {}),
          }),
        );
        if (spec) remember(jobId, spec);
      } catch (error) {
        try {
          store.deleteJob(jobId);
        } catch (cleanup) {
          // The store cannot be written (a full disk): the job stays "reading" and the next start removes it.
          if (!storageErrorOf(cleanup)) throw cleanup;
        }
        throw storageErrorOf(error) ?? error;
      } finally {
        ctx.reads.delete(jobId);
        // After the draft's last commit, so that the checkpoint (which syncs the log first) carries it to disk.
        resumeCheckpoints();
      }
      return { jobId, info, counts };
    },

    cancelRead(jobId: string): boolean {
      const read = ctx.reads.get(jobId);
      read?.abort();
      return read !== undefined;
    },

    /**
     * Jobs whose file was still being read when the process died: half a file is never sent, so they are
     * removed (the file can simply be loaded again). Returns the ids removed.
     */
    discardInterruptedReads(): string[] {
      const ids = store
        .listJobs()
        .filter((j) => j.state === 'reading' && !ctx.reads.has(j.id))
        .map((j) => j.id);
      for (const id of ids) store.deleteJob(id);
      return ids;
    },
  };
}
