/**
 * The window's state, in slices (zustand): where the user is, the connection, the file, the mapping,
 * the target, and the jobs' progress. Everything durable lives in the core; this is what is on screen.
 */
import { create, type StateCreator } from 'zustand';
import {
  type CallReply,
  type Counts,
  type DateOrder,
  type EventPayload,
  isFinishedJobState,
  type JobSummary,
  type LeadField,
  type MappingSpec,
  type ReasonGroup,
  type SendSettings,
  type ServerInfo,
} from '../../shared/contract.ts';
import { api } from './api/index.ts';
import { notifyPaused } from './lib/pause-notice.ts';
import { JOB_DEPENDENTS, TEMPLATE_DEPENDENTS } from './state/dependents.ts';
import { type FileSlice, fileSlice } from './state/file-slice.ts';

export type Step = 'connection' | 'load' | 'map' | 'target' | 'preview' | 'submit' | 'review' | 'history';
export const STEPS: { id: Step; label: string }[] = [
  { id: 'connection', label: 'Connection' },
  { id: 'load', label: 'Load file' },
  { id: 'map', label: 'Map columns' },
  { id: 'target', label: 'Target' },
  { id: 'preview', label: 'Preview' },
  { id: 'submit', label: 'Submit' },
  { id: 'review', label: 'Review' },
  { id: 'history', label: 'History' },
];

export type Inspection = CallReply<'inspectFile'>;
export type ReadProgress = EventPayload<'readProgress'>;
export type JobProgress = EventPayload<'jobProgress'>;

interface NavSlice {
  step: Step;
  go(step: Step): void;
  error?: string;
  setError(error?: string): void;
  /** A passing message that is not a problem (e.g. "2 files added to the queue"). */
  notice?: string;
  setNotice(notice?: string): void;
}

interface ConnectionSlice {
  servers: ServerInfo[];
  serverId?: string;
  refreshServers(): Promise<void>;
  chooseServer(id: string): void;
}

interface MappingSlice {
  fields: LeadField[];
  contactHoursNames: string[];
  mapping: MappingSpec;
  suggestions: { field: string; column: string; confidence: number }[];
  profileName?: string;
  /** Fields of a saved mapping that the chosen template lacks: dropped, never sent (shown as a note). */
  droppedFields: string[];
  /** Fields whose source the person chose by hand (the "chosen by you" badge). */
  chosenByHand: string[];
  /** Whose recorded fields `fields` are: `serverId/templateId`; undefined until they arrive. */
  fieldsOf?: string;
  /**
   * The columns and fields `mapping` was made for (suggested, loaded from the job or chosen): the Map step
   * suggests again only for others, so that coming back to it shows the choices already made.
   */
  mappingFor?: string;
  country: string;
  dateOrder: DateOrder;
  setFields(fields: LeadField[], contactHoursNames: string[], of?: string): void;
  setMapping(mapping: MappingSpec): void;
  setOptions(options: Partial<{ country: string; dateOrder: DateOrder }>): void;
}

interface TargetSlice {
  templateId?: number;
  campaignId?: number;
  allocationId?: number;
  settings: SendSettings;
  /** Sets (or, with `undefined`, clears) part of the target; everything that depends on it is reset. */
  setTarget(
    target: Partial<{ templateId: number | undefined; campaignId: number | undefined; allocationId: number | undefined }>,
  ): void;
  setSettings(settings: Partial<SendSettings>): void;
}

interface JobsSlice {
  counts?: Counts;
  groups: ReasonGroup[];
  rowsVersion: number;
  progress: Record<string, JobProgress>;
  jobs: JobSummary[];
  setApplied(counts: Counts, groups: ReasonGroup[]): void;
  bumpRows(): void;
  onProgress(progress: JobProgress): void;
  refreshJobs(): Promise<void>;
  openJob(job: JobSummary): void;
}

export type AppState = NavSlice & ConnectionSlice & FileSlice & MappingSlice & TargetSlice & JobsSlice;
export type Slice<T> = StateCreator<AppState, [], [], T>;

export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const navSlice: Slice<NavSlice> = (set) => ({
  step: 'connection',
  go: (step) => set({ step, error: undefined, notice: undefined }),
  setError: (error) => set({ error }),
  setNotice: (notice) => set({ notice }),
});

const connectionSlice: Slice<ConnectionSlice> = (set, get) => ({
  servers: [],
  async refreshServers() {
    const servers = await api.listServers({});
    const serverId = get().serverId && servers.some((s) => s.id === get().serverId) ? get().serverId : servers[0]?.id;
    set({ servers, serverId });
  },
  chooseServer: (serverId) => {
    if (serverId === get().serverId) return;
    set({ serverId, ...TEMPLATE_DEPENDENTS, templateId: undefined });
  },
});

const mappingSlice: Slice<MappingSlice> = (set) => ({
  fields: [],
  contactHoursNames: [],
  mapping: { fields: {}, constants: {}, phoneFields: [] },
  suggestions: [],
  droppedFields: [],
  chosenByHand: [],
  country: 'AU',
  dateOrder: 'dmy',
  setFields: (fields, contactHoursNames, of) => set({ fields, contactHoursNames, fieldsOf: of }),
  setMapping: (mapping) => set({ mapping }),
  setOptions: (options) => set(options),
});

const targetSlice: Slice<TargetSlice> = (set, get) => ({
  settings: { method: 'insertLeads', batchEndpoint: 'insertLeads', batchSize: 500, concurrency: 2, allowDuplicates: false },
  setTarget(target) {
    const next: Partial<AppState> = { ...target };
    if ('templateId' in target && target.templateId !== get().templateId) Object.assign(next, TEMPLATE_DEPENDENTS);
    if ('campaignId' in target && target.campaignId !== get().campaignId) Object.assign(next, { allocationId: undefined });
    set(next);
  },
  setSettings: (settings) => set({ settings: { ...get().settings, ...settings } }),
});

const jobsSlice: Slice<JobsSlice> = (set, get) => ({
  groups: [],
  rowsVersion: 0,
  progress: {},
  jobs: [],
  setApplied: (counts, groups) => set({ counts, groups, rowsVersion: get().rowsVersion + 1 }),
  bumpRows: () => set({ rowsVersion: get().rowsVersion + 1 }),
  onProgress(progress) {
    set({ progress: { ...get().progress, [progress.jobId]: progress } });
    if (progress.jobId === get().jobId) set({ counts: progress.counts });
    if (isFinishedJobState(progress.state) || progress.state === 'paused') void get().refreshJobs();
  },
  async refreshJobs() {
    set({ jobs: await api.listJobs({}) });
  },
  openJob(job) {
    set({
      ...JOB_DEPENDENTS,
      jobId: job.id,
      current: { name: job.fileName, path: '' },
      inspection: undefined,
      sheet: job.sheet,
      headerRow: undefined,
      read: undefined,
      fields: [],
      fieldsOf: undefined,
      counts: job.counts,
      templateId: job.target?.templateId,
      campaignId: job.target?.campaignId,
      allocationId: job.target?.allocationId,
      serverId: job.target?.serverId ?? get().serverId,
      rowsVersion: get().rowsVersion + 1,
      step: isFinishedJobState(job.state) ? 'review' : job.state === 'draft' ? 'map' : 'submit',
    });
  },
});

export const useApp = create<AppState>()((...a) => ({
  ...navSlice(...a),
  ...connectionSlice(...a),
  ...fileSlice(...a),
  ...mappingSlice(...a),
  ...targetSlice(...a),
  ...jobsSlice(...a),
}));

/**
 * The rules the rows are checked by, as chosen on the Map and Target steps: the mapping, its options and
 * (once chosen whole) the target, whose template's fields and campaign's ledger the core checks against.
 */
export function rulesInHand(s: AppState = useApp.getState()) {
  const target =
    s.serverId && s.templateId !== undefined && s.campaignId !== undefined && s.allocationId !== undefined
      ? { serverId: s.serverId, templateId: s.templateId, campaignId: s.campaignId, allocationId: s.allocationId }
      : undefined;
  return {
    mapping: s.mapping,
    options: {
      country: s.country,
      dateOrder: s.dateOrder,
      contactHoursNames: s.contactHoursNames,
      allowDuplicates: s.settings.allowDuplicates,
    },
    target,
  };
}

/** Events from the core flow into the store once, for the life of the window. */
export function connectEvents(): () => void {
  const offRead = api.on('readProgress', (p) => useApp.getState().onRead(p));
  const offJob = api.on('jobProgress', (p) => {
    useApp.getState().onProgress(p);
    if (p.state === 'done' || p.state === 'failed' || p.state === 'incomplete') notifyFinished(p);
    notifyPaused(p, useApp.getState().setNotice);
  });
  const offOpen = api.on('openFiles', ({ paths }) =>
    useApp.getState().enqueueFiles(paths.map((path) => ({ path, name: path.split(/[\\/]/).pop() ?? path }))),
  );
  return () => {
    offRead();
    offJob();
    offOpen();
  };
}

function notifyFinished(p: JobProgress) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
  const c = p.counts;
  new Notification('Noojee Lead Uploader', {
    body:
      p.state === 'done'
        ? `Upload finished: ${c.imported + c.updated} accepted, ${c.rejected} rejected, ${c.invalid} invalid.`
        : (p.message ?? 'The upload stopped.'),
  });
}
