/**
 * Jobs from file to finished: read a file into a durable job, apply a mapping, page through rows, edit,
 * submit to a queue that runs one job at a time, pause/resume/cancel, and report. The app's handlers and
 * the CLI both drive the core through this.
 */
import type {
  Counts,
  JobSummary,
  LeadField,
  MappingSpec,
  NormaliseOptions,
  RowFilter,
  RowView,
  SendSettings,
} from '../../../shared/contract.ts';
import { PHONE_NAME } from '../../../shared/leads/mapping.ts';
import type { InsertTarget } from '../campaigner/insert.ts';
import { UserError } from '../errors.ts';
import { inspectSource, isStreamedFile, type ReadProgress, type SourceInfo, type SourceOptions } from '../ingest/index.ts';
import { createRunControl, type Progress, type RunResult, type RunTimings, runJob } from '../outbox/runner.ts';
import {
  type DerivePayload,
  emptyCounts,
  type JobRecord,
  type JobStore,
  type LeadRow,
  type LeadWrite,
  type StoredTarget,
} from '../store/job-store.ts';
import { countBatch } from '../store/lead-batch.ts';
import {
  createPayloadDeriver,
  createPhonePrefilter,
  createRowBuilder,
  createRowRules,
  type Ledger,
  ledgerHash,
} from './build.ts';
import { prepareReader, readLeads } from './lead-reader.ts';

export interface JobServiceDeps {
  store: JobStore;
  /** The server, ids and key to send a job to; throws a UserError when the key is missing. */
  resolveTarget(job: JobRecord): Promise<InsertTarget>;
  onProgress?(progress: Progress): void;
  onFinished?(jobId: string, result: RunResult): void;
  timings?: Partial<RunTimings>;
}

export interface BuildSpec {
  mapping: MappingSpec;
  options: NormaliseOptions;
  fields?: LeadField[];
  target?: StoredTarget;
}

const ACTIVE_STATES = new Set(['queued', 'sending', 'waiting']);

/** About how many rows a file holds, from its size and its first rows' length (a sizing hint, not a count). */
function expectedRows(info: SourceInfo): number {
  const rows = info.previewRows;
  if (info.kind !== 'csv' || rows.length === 0) return 0;
  const bytes = rows.reduce((sum, row) => sum + row.reduce((n, cell) => n + cell.length + 1, 0), 0);
  return Math.ceil(info.fingerprint.size / Math.max(8, bytes / rows.length));
}

export function createJobService(deps: JobServiceDeps) {
  const { store } = deps;
  const queue: string[] = [];
  let running: { jobId: string; control: ReturnType<typeof createRunControl>; done: Promise<RunResult> } | undefined;
  const reads = new Map<string, AbortController>();

  const requireJob = (jobId: string): JobRecord => {
    const job = store.getJob(jobId);
    if (!job) throw new UserError('unknown-job', `There is no job ${jobId}.`);
    return job;
  };

  const ledgerFor = (target: StoredTarget | undefined): Ledger => {
    if (!target) return new Map();
    return store.ledger(target.serverUrl, target.campaignId);
  };

  const summary = (job: JobRecord): JobSummary => ({
    id: job.id,
    fileName: job.fileName,
    sheet: job.source.sheet,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    state: job.state,
    counts: job.counts,
    target: job.target?.serverId
      ? {
          serverId: job.target.serverId,
          templateId: job.target.templateId,
          campaignId: job.target.campaignId,
          allocationId: job.target.allocationId,
        }
      : undefined,
    serverName: job.target?.serverName ?? job.target?.serverUrl,
    message: job.message,
  });

  /** The job's rules for turning stored cells into what is sent; undefined before a mapping is applied. */
  const deriverFor = (job: JobRecord, only?: 'phones'): DerivePayload | undefined =>
    job.mapping && job.options
      ? createPayloadDeriver({ headers: job.source.headers, mapping: job.mapping, options: job.options, only })
      : undefined;

  const rowView = (lead: LeadRow, derive?: DerivePayload): RowView => ({
    rowNumber: lead.rowNumber,
    source: lead.cells,
    payload: lead.payload ?? derive?.(lead.cells, lead.raw) ?? {},
    status: lead.status,
    issues: lead.issues,
    reason: lead.reason,
    edited: lead.edited,
  });

  /** Rebuilds every lead of a job that has not been sent yet, in batches, with the given rules. */
  function rebuild(job: JobRecord, spec: BuildSpec): Counts {
    const builder = createRowBuilder({
      headers: job.source.headers,
      mapping: spec.mapping,
      options: spec.options,
      fields: spec.fields,
      ledger: ledgerFor(spec.target),
    });
    let after = -1;
    while (true) {
      const leads = store.leadsFrom(job.id, after, 5000);
      if (leads.length === 0) break;
      const writes: LeadWrite[] = [];
      for (const lead of leads) {
        if (lead.status !== 'ready' && lead.status !== 'invalid') continue;
        writes.push(builder.build({ rowNumber: lead.rowNumber, cells: lead.cells, raw: lead.raw }, lead.seq).write);
      }
      store.rewriteLeads(job.id, writes);
      after = leads[leads.length - 1].seq;
    }
    const counts = store.countByStatus(job.id);
    store.updateJob(job.id, {
      mapping: spec.mapping,
      options: spec.options,
      counts,
      ...(spec.target ? { target: spec.target } : {}),
    });
    return counts;
  }

  /**
   * Duplicates across the file, checked after an edit against the other rows as they stand now: the
   * first of the edited row's phones that another sendable row also has, with that row's number.
   */
  function duplicatePhone(
    job: JobRecord,
    exceptSeq: number,
    phoneFields: ReadonlySet<string>,
    payload: Record<string, string>,
  ): { field: string; value: string; rowNumber: number } | undefined {
    const mine = new Map<string, string>();
    for (const field of phoneFields) if (payload[field] !== undefined) mine.set(payload[field], field);
    const derivePhones = deriverFor(job, 'phones');
    if (mine.size === 0 || !derivePhones || !job.mapping || !job.options) return undefined;
    const rules = { headers: job.source.headers, mapping: job.mapping, options: job.options };
    const mightMatch = createPhonePrefilter(rules, [...mine.keys()]);
    let found: { field: string; value: string; rowNumber: number } | undefined;
    for (const other of store.otherSendable(job.id, exceptSeq, mightMatch)) {
      for (const value of Object.values(derivePhones(other.cells, other.raw))) {
        const field = mine.get(value);
        // The earliest other row wins, as the file check at read time names the first row too.
        if (field !== undefined && (!found || other.rowNumber < found.rowNumber))
          found = { field, value, rowNumber: other.rowNumber };
      }
    }
    return found;
  }

  let starting = false;
  async function pump(): Promise<void> {
    if (running || starting) return;
    const jobId = queue.shift();
    if (!jobId) return;
    starting = true;
    try {
      await start(jobId);
    } finally {
      starting = false;
    }
    return pump();
  }

  /** Runs one job to its end (done, paused, cancelled, refused or given up). */
  async function start(jobId: string): Promise<void> {
    const job = store.getJob(jobId);
    if (job?.state !== 'queued') return;
    let target: InsertTarget;
    try {
      target = await deps.resolveTarget(job);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store.updateJob(jobId, { state: 'incomplete', message });
      deps.onProgress?.({ jobId, state: 'incomplete', counts: job.counts, rate: 0, concurrency: 0, message });
      return;
    }
    const control = createRunControl();
    store.updateJob(jobId, { state: 'sending', message: undefined });
    const done = runJob({
      store,
      jobId,
      target,
      settings: job.settings as SendSettings,
      timings: deps.timings,
      control,
      onProgress: deps.onProgress,
      derivePayload: deriverFor(job),
      onAccepted: (leads) => {
        if (!job.target) return;
        const hashes: string[] = [];
        for (const lead of leads) {
          for (const [field, value] of Object.entries(lead.payload)) {
            if (field === 'njExternalLeadId') hashes.push(ledgerHash('id', value));
            else if (PHONE_NAME.test(field) || job.mapping?.phoneFields.includes(field)) hashes.push(ledgerHash('phone', value));
          }
        }
        store.ledgerAdd(job.target.serverUrl, job.target.campaignId, hashes);
      },
    });
    running = { jobId, control, done };
    try {
      const result = await done;
      deps.onFinished?.(jobId, result);
    } finally {
      running = undefined;
    }
  }

  return {
    summary,
    rowView,
    requireJob,

    async inspect(path: string, options: SourceOptions): Promise<SourceInfo & { sameFileJobs: JobRecord[] }> {
      // A text file is read by a worker thread: start it now, so that it is ready when the import starts.
      if (isStreamedFile(path)) prepareReader();
      const info = await inspectSource(path, options);
      return { ...info, sameFileJobs: store.findJobsByFingerprint(info.fingerprint) };
    },

    /**
     * Reads the whole file into a new job. With a build spec (the CLI) each row is mapped and validated on
     * the way in; without one (the app) rows are kept as read until a mapping is applied. A file that
     * fails to read leaves no job behind.
     */
    async importFile(
      path: string,
      sourceOptions: SourceOptions,
      spec?: BuildSpec,
      onProgress?: (jobId: string, progress: ReadProgress) => void,
      onCreated?: (jobId: string) => void,
    ): Promise<{ jobId: string; info: SourceInfo; counts: Counts }> {
      if (isStreamedFile(path)) prepareReader();
      const info = await inspectSource(path, sourceOptions);
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
        ? {
            headers: info.headers,
            mapping: spec.mapping,
            options: spec.options,
            fields: spec.fields,
          }
        : undefined;
      // A mapping that does not fit the file is refused before a job exists.
      if (rules) createRowRules(rules);
      const jobId = store.createJob({ fileName: info.fileName, filePath: path, source, fingerprint: info.fingerprint });
      const abort = new AbortController();
      reads.set(jobId, abort);
      const resumeCheckpoints = store.deferCheckpoints();
      onCreated?.(jobId);
      // Counted as rows are stored: a count over a million stored rows afterwards would read them all again.
      const counts = emptyCounts();
      try {
        // A read's commits do not wait for the disk (see the top of job-store.ts); the batches come on
        // later turns of the event loop, so each write sets it for itself.
        const batches = readLeads({
          path,
          kind: info.kind,
          options: { ...sourceOptions, sheet: info.sheet, headerRow: info.headerRow },
          rules,
          ledger: spec ? ledgerFor(spec.target) : undefined,
          expectedRows: expectedRows(info),
          control: { signal: abort.signal, onProgress: (p) => onProgress?.(jobId, p) },
        });
        for await (const batch of batches) {
          store.unsynced(() => store.insertBatch(jobId, batch));
          countBatch(batch, counts);
        }
        store.unsynced(() =>
          store.updateJob(jobId, {
            state: 'draft',
            counts,
            ...(spec ? { mapping: spec.mapping, options: spec.options, target: spec.target } : {}),
          }),
        );
      } catch (error) {
        store.deleteJob(jobId);
        throw error;
      } finally {
        reads.delete(jobId);
        // After the draft's last commit, so that the checkpoint (which syncs the log first) carries it to disk.
        resumeCheckpoints();
      }
      return { jobId, info, counts };
    },

    cancelRead(jobId: string): boolean {
      const read = reads.get(jobId);
      read?.abort();
      return read !== undefined;
    },

    applyMapping(jobId: string, spec: BuildSpec): Counts {
      const job = requireJob(jobId);
      if (ACTIVE_STATES.has(job.state))
        throw new UserError('job-active', 'This job is being sent: pause or cancel it before changing its mapping.');
      return rebuild(job, spec);
    },

    rows(jobId: string, offset: number, limit: number, filter: RowFilter, reason?: string) {
      const job = requireJob(jobId);
      const page = store.rows(jobId, offset, limit, filter, reason);
      const derive = deriverFor(job);
      return { total: page.total, columns: job.source.headers, rows: page.rows.map((lead) => rowView(lead, derive)) };
    },

    /** Changes source cells of one row (the file itself is never touched) and validates the row again. */
    editRow(jobId: string, rowNumber: number, cells: Record<string, string>): RowView {
      const job = requireJob(jobId);
      const lead = store.leadByRow(jobId, rowNumber);
      if (!lead) throw new UserError('unknown-row', `Row ${rowNumber} is not in this job.`);
      if (lead.status === 'imported' || lead.status === 'updated' || lead.status === 'sending') {
        throw new UserError('row-sent', `Row ${rowNumber} was already sent to the server and cannot be changed here.`);
      }
      const next = [...lead.cells];
      for (const [index, value] of Object.entries(cells)) {
        const i = Number(index);
        if (!Number.isInteger(i) || i < 0 || i >= Math.max(next.length, job.source.headers.length)) {
          throw new UserError('bad-cell', `Row ${rowNumber} has no column ${i + 1}.`);
        }
        next[i] = value;
      }
      const raw = lead.raw?.map((v, i) => (cells[String(i)] !== undefined ? null : v));
      let write: LeadWrite = { seq: lead.seq, rowNumber, cells: next, raw: raw as LeadWrite['raw'], status: 'ready' };
      if (job.mapping && job.options) {
        const builder = createRowBuilder({
          headers: job.source.headers,
          mapping: job.mapping,
          options: job.options,
          ledger: ledgerFor(job.target),
        });
        const built = builder.build({ rowNumber, cells: next, raw: raw ?? undefined }, lead.seq);
        write = built.write;
        if (write.status === 'ready' && !job.options.allowDuplicates) {
          const duplicate = duplicatePhone(job, lead.seq, builder.phoneFields, built.checked);
          if (duplicate) {
            const message = `phone ${duplicate.value} already in row ${duplicate.rowNumber}`;
            write = {
              ...write,
              status: 'invalid',
              reason: message,
              issues: [...(write.issues ?? []), { field: duplicate.field, severity: 'error', message }],
            };
          }
        }
      }
      store.rewriteLeads(jobId, [{ ...write, edited: true }]);
      store.updateJob(jobId, { counts: store.countByStatus(jobId) });
      const updated = store.leadByRow(jobId, rowNumber);
      if (!updated) throw new UserError('unknown-row', `Row ${rowNumber} is not in this job.`);
      return rowView(updated, deriverFor(job));
    },

    /** Puts a job in the send queue. */
    submit(jobId: string, target: StoredTarget, settings: SendSettings): JobRecord {
      const job = requireJob(jobId);
      if (!job.mapping || !job.options) throw new UserError('not-mapped', 'Map the columns before submitting.');
      if (ACTIVE_STATES.has(job.state)) throw new UserError('job-active', 'This job is already being sent.');
      if (job.target && (job.target.campaignId !== target.campaignId || job.target.serverUrl !== target.serverUrl)) {
        rebuild(job, { mapping: job.mapping, options: job.options, target });
      }
      store.updateJob(jobId, { target, settings, state: 'queued', message: undefined });
      queue.push(jobId);
      void pump();
      return requireJob(jobId);
    },

    /** Queues a stored job again (after pause, a restart, or "incomplete"). */
    resume(jobId: string): JobRecord {
      const job = requireJob(jobId);
      if (running?.jobId === jobId) return job;
      if (!job.target || !job.settings) throw new UserError('not-submitted', 'This job was never submitted.');
      if (job.state === 'done' && job.counts.ready === 0 && job.counts.sending === 0) return job;
      store.updateJob(jobId, { state: 'queued', message: undefined });
      if (!queue.includes(jobId)) queue.push(jobId);
      void pump();
      return requireJob(jobId);
    },

    async pause(jobId: string): Promise<JobRecord> {
      const job = requireJob(jobId);
      if (running?.jobId === jobId) {
        running.control.pause();
        await running.done;
      } else if (job.state === 'queued') {
        queue.splice(queue.indexOf(jobId), 1);
        store.updateJob(jobId, { state: 'paused' });
      }
      return requireJob(jobId);
    },

    async cancel(jobId: string): Promise<JobRecord> {
      const job = requireJob(jobId);
      if (running?.jobId === jobId) {
        running.control.cancel();
        await running.done;
      } else if (ACTIVE_STATES.has(job.state) || job.state === 'paused' || job.state === 'incomplete') {
        const at = queue.indexOf(jobId);
        if (at >= 0) queue.splice(at, 1);
        store.updateJob(jobId, { state: 'cancelled' });
      }
      return requireJob(jobId);
    },

    /** Fixed leads (edited, now valid, not yet accepted) go back to the queue; nothing else is sent again. */
    resubmitFixed(jobId: string): JobRecord {
      const job = requireJob(jobId);
      const fixed = store.countFixed(jobId);
      if (fixed === 0) throw new UserError('nothing-fixed', 'No fixed leads to resubmit: edit a rejected or invalid lead first.');
      return this.resume(job.id);
    },

    /**
     * Jobs whose file was still being read when the process died: half a file is never sent, so they are
     * removed (the file can simply be loaded again). Returns the ids removed.
     */
    discardInterruptedReads(): string[] {
      const ids = store
        .listJobs()
        .filter((j) => j.state === 'reading' && !reads.has(j.id))
        .map((j) => j.id);
      for (const id of ids) store.deleteJob(id);
      return ids;
    },

    /** Jobs left sending when the app last stopped: queue them again. */
    resumeInterrupted(): string[] {
      const ids = store
        .listJobs()
        .filter((j) => ACTIVE_STATES.has(j.state))
        .map((j) => j.id)
        .reverse();
      for (const id of ids) {
        store.updateJob(id, { state: 'queued' });
        queue.push(id);
      }
      void pump();
      return ids;
    },

    /** Waits for the running job (tests, CLI, shutdown). */
    async idle(): Promise<void> {
      while (running || starting || queue.length) {
        if (running) await running.done.catch(() => undefined);
        else await new Promise((r) => setTimeout(r, 10));
      }
    },

    runningJobId: () => running?.jobId,
  };
}

export type JobService = ReturnType<typeof createJobService>;
