/**
 * The file in hand: the queue of files dropped, the one open and its inspection, and its one read (with the
 * mapping and target chosen on the sample) into a job whose counts and reasons then open Preview.
 */
import type { CallRequest } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { type AppState, type Inspection, message, type ReadProgress, type Slice } from '../store.ts';
import { JOB_DEPENDENTS } from './dependents.ts';

export interface FileSlice {
  queue: { name: string; path: string }[];
  current?: { name: string; path: string };
  inspection?: Inspection;
  sheet?: string;
  headerRow?: number;
  jobId?: string;
  read?: ReadProgress;
  /** Latest read progress per job: events can arrive before the call that started the read answers. */
  reads: Record<string, ReadProgress>;
  enqueueFiles(files: { name: string; path: string }[]): void;
  openFile(file: { name: string; path: string }): Promise<void>;
  reinspect(change: { sheet?: string; headerRow?: number }): Promise<void>;
  /**
   * Reads the inspected file once, with the mapping and target chosen on its sample (the rows are checked
   * on the way in); when the read ends, the job's counts and reasons are loaded and Preview opens.
   */
  startImport(rules: CallRequest<'importFile'>['rules']): Promise<void>;
  onRead(progress: ReadProgress): void;
}

export const fileSlice: Slice<FileSlice> = (set, get) => ({
  queue: [],
  reads: {},
  enqueueFiles(files) {
    const known = new Set(get().queue.map((f) => f.path));
    const added = files.filter((f) => !known.has(f.path));
    set({ queue: [...get().queue, ...added] });
    if (!added.length) return;
    // On the Load screen the user is choosing what to open; elsewhere they are busy with the current file,
    // so new files wait in the queue rather than pull them away from it.
    if (!get().current || get().step === 'load') void get().openFile(added[0]);
    else set({ notice: `${added.length} file${added.length > 1 ? 's' : ''} added to the queue on the Load step.` });
  },
  async openFile(file) {
    set({
      current: file,
      inspection: undefined,
      sheet: undefined,
      headerRow: undefined,
      jobId: undefined,
      read: undefined,
      error: undefined,
      step: 'load',
      ...JOB_DEPENDENTS,
    });
    try {
      const inspection = await api.inspectFile({ path: file.path });
      set({ inspection, sheet: inspection.sheet, headerRow: inspection.headerRow });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async reinspect(change) {
    const { current, sheet, headerRow } = get();
    if (!current) return;
    const next = {
      sheet: change.sheet ?? sheet,
      headerRow: change.sheet !== undefined ? undefined : (change.headerRow ?? headerRow),
    };
    try {
      const inspection = await api.inspectFile({ path: current.path, ...next });
      set({ inspection, sheet: inspection.sheet, headerRow: inspection.headerRow, error: undefined });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async startImport(rules) {
    const { current, sheet, headerRow } = get();
    if (!current) return;
    set({ read: undefined, error: undefined });
    try {
      const { jobId } = await api.importFile({ path: current.path, sheet, headerRow, rules });
      set({ jobId, counts: undefined, groups: [], read: undefined });
      // Events can arrive before the call that started the read answers.
      const early = get().reads[jobId];
      if (early) get().onRead(early);
    } catch (error) {
      set({ error: message(error) });
    }
  },
  onRead(progress) {
    set({ reads: { ...get().reads, [progress.jobId]: progress } });
    if (progress.jobId !== get().jobId) return;
    set({ read: progress });
    if (progress.error) set({ error: progress.error, jobId: undefined });
    else if (progress.done) void loadChecked(get, progress.jobId);
  },
});

/** A job read with its rules: its counts and reasons, then Preview. */
async function loadChecked(get: () => AppState, jobId: string): Promise<void> {
  try {
    const [job, groups] = await Promise.all([api.getJob({ jobId }), api.getReasonGroups({ jobId })]);
    if (get().jobId !== jobId) return;
    get().setApplied(job.counts, groups);
    void get().refreshJobs();
    if (get().step === 'target') get().go('preview');
  } catch (error) {
    get().setError(message(error));
  }
}
