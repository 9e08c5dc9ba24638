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
  ReasonGroup,
  RowFilter,
  RowView,
  SendSettings,
} from '../../../shared/contract.ts';
import { ACTIVE_JOB_STATES, type JobState, SEND_SAFETY_DEFAULTS } from '../../../shared/contract.ts';
import { PHONE_NAME } from '../../../shared/leads/mapping.ts';
import type { InsertTarget } from '../campaigner/insert.ts';
import { UserError } from '../errors.ts';
import { inspectSource, isStreamedFile, type ReadProgress, type SourceInfo, type SourceOptions } from '../ingest/index.ts';
import { createRunControl, type Progress, type RunResult, type RunTimings, runJob } from '../outbox/runner.ts';
import { createEditHistory } from '../store/edit-history.ts';
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
import { openSafetyStore } from '../store/safety-store.ts';
import { storageErrorOf } from '../store/storage-error.ts';
import { createPayloadDeriver, createRowBuilder, createRowRules, type Ledger, ledgerHash } from './build.ts';
import { createEditor } from './bulk-edit.ts';
import { prepareReader, readLeads } from './lead-reader.ts';
import { type RemapProgress, remapLeads } from './remap.ts';
import { rejudged } from './remap-protocol.ts';

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

const ACTIVE_STATES = new Set<JobState>(ACTIVE_JOB_STATES);

/** A submitted job is stored with the canary and guard settings spelled out, so that the defaults may change later. */
const withSafetyDefaults = (settings: SendSettings): SendSettings => ({
  ...settings,
  canary: settings.canary ?? SEND_SAFETY_DEFAULTS.canary,
  maxRefusalRate: settings.maxRefusalRate ?? SEND_SAFETY_DEFAULTS.maxRefusalRate,
  refusalWindow: settings.refusalWindow ?? SEND_SAFETY_DEFAULTS.refusalWindow,
});

/** About how many rows a file holds, from its size and its first rows' length (a sizing hint, not a count). */
function expectedRows(info: SourceInfo): number {
  const rows = info.previewRows;
  if (info.kind !== 'csv' || rows.length === 0) return 0;
  const bytes = rows.reduce((sum, row) => sum + row.reduce((n, cell) => n + cell.length + 1, 0), 0);
  return Math.ceil(info.fingerprint.size / Math.max(8, bytes / rows.length));
}

export function createJobService(deps: JobServiceDeps) {
  const { store } = deps;
  const safety = openSafetyStore(store);
  const queue: string[] = [];
  let running: { jobId: string; control: ReturnType<typeof createRunControl>; done: Promise<RunResult> } | undefined;
  const reads = new Map<string, AbortController>();
  const editor = createEditor({
    store,
    history: createEditHistory(store),
    requireJob: (jobId) => requireJob(jobId),
    deriver: (job, only) => deriverFor(job, only),
    ledger: (job) => ledgerFor(job.target),
    // A job being sent, or whose rows are being re-checked by a new mapping, is not corrected meanwhile.
    isSending: (jobId) => running?.jobId === jobId || queue.includes(jobId) || remaps.has(jobId),
  });
  /** A job being corrected is not sent until the correction ends (the sender would read half of it). */
  const assertNotEditing = (jobId: string) => {
    if (editor.isEditing(jobId))
      throw new UserError('job-editing', 'A change to many rows of this job is still being made: send it when that ends.');
  };
  /** Jobs whose rows are being re-checked (remap), to cancel them and to keep other changes away meanwhile. */
  const remaps = new Map<string, AbortController>();
  const notRemapping = (jobId: string) => {
    if (remaps.has(jobId))
      throw new UserError('job-busy', 'The rows of this job are being checked: wait until that finishes, or cancel it.');
  };

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
    allowDuplicates: job.settings?.allowDuplicates,
    message: job.message,
    paused: heldBy(job),
  });

  /** The canary's or the guard's pause that holds a job, if one does. */
  const heldBy = (job: JobRecord) =>
    job.state === 'done' || job.state === 'cancelled' || job.state === 'draft' ? undefined : safety.read(job.id).pause;

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
    fixed: lead.fixed,
    original: lead.original,
  });

  /**
   * Rebuilds every lead of a job that has not been sent yet, in batches, with the given rules. Leads the
   * server refused (for anything but a duplicate) are built again too: it did not store them, and a new
   * mapping is how a refusal caused by the old one is fixed.
   */
  function rebuild(job: JobRecord, spec: BuildSpec): Counts {
    editor.forget(job.id);
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
        // The same leads as a re-mapping in the worker judges again (remap-protocol.ts).
        if (!rejudged(lead.status, lead.reason)) continue;
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

  let starting = false;
  async function pump(): Promise<void> {
    if (running || starting) return;
    const jobId = queue.shift();
    if (!jobId) return;
    starting = true;
    try {
      await start(jobId);
    } catch (error) {
      // A store that cannot be written stops this job where it stood (it stays resumable) and is told
      // like any other stop; anything else is a bug and surfaces.
      const failure = storageErrorOf(error);
      if (!failure) throw error;
      let counts = emptyCounts();
      try {
        counts = store.getJob(jobId)?.counts ?? counts;
      } catch {
        // The store cannot be read either: the message says why, the counts are unknown.
      }
      const message = `Stopped: ${failure.message}.`;
      deps.onProgress?.({ jobId, state: 'incomplete', counts, rate: 0, concurrency: 0, message });
      deps.onFinished?.(jobId, { state: 'incomplete', message, counts, concurrencyHistory: [] });
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
      onlyFixed: job.sendOnly === 'fixed',
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
        try {
          store.deleteJob(jobId);
        } catch (cleanup) {
          // The store cannot be written (a full disk): the job stays "reading" and the next start removes it.
          if (!storageErrorOf(cleanup)) throw cleanup;
        }
        throw storageErrorOf(error) ?? error;
      } finally {
        reads.delete(jobId);
        // After the draft's last commit, so that the checkpoint (which syncs the log first) carries it to disk.
        resumeCheckpoints();
      }
      return { jobId, info, counts };
    },

    /**
     * applyMapping off the main thread (remap.ts): the rows' own rules in a worker, with progress and
     * cancel. Undefined when cancelled: the job is then left without a mapping, to be applied again whole.
     */
    async remap(
      jobId: string,
      spec: BuildSpec,
      onProgress?: (progress: RemapProgress) => void,
    ): Promise<{ counts: Counts; groups: ReasonGroup[] } | undefined> {
      notRemapping(jobId);
      assertNotEditing(jobId);
      const job = requireJob(jobId);
      if (ACTIVE_STATES.has(job.state))
        throw new UserError('job-active', 'This job is being sent: pause or cancel it before changing its mapping.');
      const abort = new AbortController();
      remaps.set(jobId, abort);
      // The corrections' cached phone index was built from the old mapping.
      editor.forget(jobId);
      // Until every row has its new verdict the job has no mapping: after a crash or a cancel part-way it
      // cannot be sent half-checked (remap.ts writes the verdicts without waiting for the disk).
      store.updateJob(jobId, { mapping: undefined });
      try {
        const summary = await remapLeads({
          store,
          jobId,
          total: job.counts.total,
          rules: { headers: job.source.headers, mapping: spec.mapping, options: spec.options, fields: spec.fields },
          ledger: ledgerFor(spec.target),
          signal: abort.signal,
          onProgress,
        });
        if (!summary) {
          store.updateJob(jobId, { mapping: undefined, counts: store.countByStatus(jobId) });
          return undefined;
        }
        store.updateJob(jobId, {
          mapping: spec.mapping,
          options: spec.options,
          counts: summary.counts,
          ...(spec.target ? { target: spec.target } : {}),
        });
        return summary;
      } finally {
        remaps.delete(jobId);
      }
    },

    cancelRemap(jobId: string): boolean {
      remaps.get(jobId)?.abort();
      return remaps.has(jobId);
    },

    cancelRead(jobId: string): boolean {
      const read = reads.get(jobId);
      read?.abort();
      return read !== undefined;
    },

    applyMapping(jobId: string, spec: BuildSpec): Counts {
      notRemapping(jobId);
      const job = requireJob(jobId);
      if (ACTIVE_STATES.has(job.state))
        throw new UserError('job-active', 'This job is being sent: pause or cancel it before changing its mapping.');
      assertNotEditing(jobId);
      return rebuild(job, spec);
    },

    rows(jobId: string, offset: number, limit: number, filter: RowFilter, reason?: string, search?: string) {
      const job = requireJob(jobId);
      const page = store.rows(jobId, offset, limit, filter, reason, search);
      const derive = deriverFor(job);
      // Rows on screen are rows a person may correct: the duplicate check's index is made ready meanwhile.
      if (!ACTIVE_STATES.has(job.state)) editor.warm(job);
      return { total: page.total, columns: job.source.headers, rows: page.rows.map((lead) => rowView(lead, derive)) };
    },

    /**
     * Changes source cells of one row (the file itself is never touched) and checks the row again, as a
     * correction of one row: kept in the edit history, so it can be undone.
     */
    async editRow(jobId: string, rowNumber: number, cells: Record<string, string>): Promise<RowView> {
      notRemapping(jobId);
      const job = requireJob(jobId);
      const result = await editor.apply(jobId, { rows: [rowNumber] }, { kind: 'cells', cells }).catch((error) => {
        if (error instanceof UserError && error.code === 'empty-selection')
          throw new UserError('unknown-row', `Row ${rowNumber} is not in this job.`);
        throw error;
      });
      if (result.alreadySent > 0)
        throw new UserError('row-sent', `Row ${rowNumber} was already sent to the server and cannot be changed here.`);
      const seq = result.firstSeq ?? store.leadByRow(jobId, rowNumber)?.seq;
      const lead = seq === undefined ? undefined : store.leadsFrom(jobId, seq - 1, 1)[0];
      if (!lead) throw new UserError('unknown-row', `Row ${rowNumber} is not in this job.`);
      return rowView(lead, deriverFor(job));
    },

    /** Puts a job in the send queue. */
    submit(jobId: string, target: StoredTarget, settings: SendSettings): JobRecord {
      notRemapping(jobId);
      const job = requireJob(jobId);
      if (!job.mapping || !job.options) throw new UserError('not-mapped', 'Map the columns before submitting.');
      if (ACTIVE_STATES.has(job.state)) throw new UserError('job-active', 'This job is already being sent.');
      assertNotEditing(jobId);
      if (job.target && (job.target.campaignId !== target.campaignId || job.target.serverUrl !== target.serverUrl)) {
        rebuild(job, { mapping: job.mapping, options: job.options, target });
      }
      // Each submission (the first, or again after a changed mapping) starts with a canary of its own.
      safety.startOver(jobId);
      store.updateJob(jobId, {
        target,
        settings: withSafetyDefaults(settings),
        state: 'queued',
        message: undefined,
        sendOnly: undefined,
      });
      queue.push(jobId);
      void pump();
      return requireJob(jobId);
    },

    /**
     * Queues a stored job again (after pause, a restart, or "incomplete"). A job the canary or the guard
     * paused stays paused, unless `continueAnyway`: then it goes on, and the guard's window starts again.
     * `scope`: 'all' sends every unsent lead ("Send the rest"), 'fixed' only the fixed ones; left out, the job
     * keeps the scope it had.
     */
    resume(jobId: string, options: { continueAnyway?: boolean; scope?: 'all' | 'fixed' } = {}): JobRecord {
      const job = requireJob(jobId);
      if (running?.jobId === jobId) return job;
      if (!job.target || !job.settings) throw new UserError('not-submitted', 'This job was never submitted.');
      assertNotEditing(jobId);
      if (job.state === 'done' && job.counts.ready === 0 && job.counts.sending === 0) return job;
      if (heldBy(job)) {
        if (!options.continueAnyway) return job;
        safety.continueAnyway(jobId);
      }
      const { scope } = options;
      const sendOnly = scope === undefined ? job.sendOnly : scope === 'fixed' ? 'fixed' : undefined;
      store.updateJob(jobId, { state: 'queued', message: undefined, sendOnly });
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

    /**
     * Sends the fixed leads (changed by a person after they were refused or found invalid, now valid,
     * not yet sent) and no others: a cancelled job's other unsent leads stay unsent until "Send the
     * rest" (resume with scope 'all'). A job never submitted is sent with Submit instead.
     */
    resubmitFixed(jobId: string): JobRecord {
      const job = requireJob(jobId);
      const fixed = store.countFixed(jobId);
      if (fixed === 0) throw new UserError('nothing-fixed', 'No fixed leads to resubmit: edit a rejected or invalid lead first.');
      if (ACTIVE_STATES.has(job.state))
        throw new UserError('job-active', 'This job is being sent: wait for it to finish or pause it first.');
      // The fixed leads go first (they come earliest in the file) and are the new canary.
      safety.startOver(jobId);
      return this.resume(job.id, { scope: 'fixed' });
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
    /** Corrections of many rows at once, undo and redo (bulk-edit.ts). */
    editor,
  };
}

export type JobService = ReturnType<typeof createJobService>;
