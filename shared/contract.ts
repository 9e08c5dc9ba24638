/**
 * The one contract between the renderer and everything behind it.
 *
 * Every call the renderer can make is a row of `calls` (request and reply schemas); every event it can
 * receive is a row of `events`. Electron's preload, main's IPC handlers, the browser-mode server and the
 * browser client are all generated from these tables, so adding a call is one deliberate edit here.
 * Schemas come first; types are inferred from them.
 */
import { z } from 'zod';
import { bulkAction } from './corrections.ts';

// ---------- shared building blocks ----------

export const idName = z.object({ id: z.number().int(), name: z.string() });
export type IdName = z.infer<typeof idName>;

export const serverInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** Base URL without path or query, e.g. https://pbx.example.com. Never holds the key. */
  url: z.string(),
  hasKey: z.boolean(),
  /** Where the key is kept: the OS keychain, this session's memory only, or the environment. */
  keyStorage: z.enum(['keychain', 'session', 'environment', 'none']),
  isDemo: z.boolean(),
});
export type ServerInfo = z.infer<typeof serverInfo>;

export const connectionVerdict = z.enum(['ok', 'refused', 'unreachable', 'certificate', 'insecure']);
export type ConnectionVerdict = z.infer<typeof connectionVerdict>;

export const leadField = z.object({
  name: z.string().min(1),
  isPhone: z.boolean(),
  required: z.boolean(),
});
export type LeadField = z.infer<typeof leadField>;

/** A mapping as saved in a profile and as `--mapping FILE.json` of the CLI (docs/cli.md). */
export const mappingSpec = z.object({
  /**
   * field name → column header text, or `#N` for the N-th column (1-based); or a list of two or more such
   * columns, combined: their non-empty cells joined by a space (First Name + Surname → Name).
   */
  fields: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(2)])),
  constants: z.record(z.string(), z.string()).default({}),
  phoneFields: z.array(z.string()).default([]),
});
export type MappingSpec = z.infer<typeof mappingSpec>;

export const normaliseOptions = z.object({
  country: z.string().length(2).default('AU'),
  dateOrder: z.enum(['dmy', 'mdy']).default('dmy'),
  allowDuplicates: z.boolean().default(false),
  /** Contact Hours names the user listed as valid; empty means "not checked". */
  contactHoursNames: z.array(z.string()).default([]),
});
export type NormaliseOptions = z.infer<typeof normaliseOptions>;

export const sendSettings = z.object({
  method: z.enum(['insertLeads', 'insertLeadFast']).default('insertLeads'),
  /** Some servers call the batch endpoint insertLeadsFast. */
  batchEndpoint: z
    .string()
    .regex(/^[A-Za-z]+$/)
    .default('insertLeads'),
  batchSize: z.number().int().min(1).max(5000).default(500),
  concurrency: z.number().int().min(1).max(16).default(2),
  allowDuplicates: z.boolean().default(false),
  // Sending safely (docs/engine.md, "Canary and refusal guard"). Optional so that a job stored before
  // these existed sends as it did; a job submitted now is stored with SEND_SAFETY_DEFAULTS filled in.
  /** Leads sent first, alone; a refusal among them (not a duplicate) pauses the job. 0 = off. */
  canary: z.number().int().min(0).max(5000).optional(),
  /** The refusal rate (duplicates excluded) over the window that pauses the job; 1 = off. */
  maxRefusalRate: z.number().min(0).max(1).optional(),
  /** How many of the latest answered leads the rate is taken over. */
  refusalWindow: z.number().int().min(1).max(1_000_000).optional(),
});
export type SendSettings = z.infer<typeof sendSettings>;

export const SEND_SAFETY_DEFAULTS = { canary: 10, maxRefusalRate: 0.2, refusalWindow: 500 } as const;

/** Why the canary or the refusal guard paused a job: kept in the job record until someone acts on it. */
export const safetyPause = z.object({
  by: z.enum(['canary', 'guard']),
  /** Refused (duplicates excluded) ÷ answered (duplicates excluded), 0..1. */
  refusalRate: z.number(),
  /** Leads answered in the canary or the guard's window, duplicates excluded. */
  answered: z.number().int(),
  refused: z.number().int(),
  /** The server's reasons among them, most frequent first, with counts. */
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  at: z.string(),
});
export type SafetyPause = z.infer<typeof safetyPause>;

export const target = z.object({
  serverId: z.string(),
  templateId: z.number().int(),
  campaignId: z.number().int(),
  allocationId: z.number().int(),
});
export type Target = z.infer<typeof target>;

/** Which file, and how to read it: what `inspectFile` looks at and `importFile` then reads (the same choices). */
export const sourceChoice = z.object({
  path: z.string(),
  sheet: z.string().optional(),
  headerRow: z.number().int().min(1).optional(),
  encoding: z.string().optional(),
  delimiter: z.string().max(1).optional(),
});
export type SourceChoice = z.infer<typeof sourceChoice>;

export const jobState = z.enum([
  'reading', // the file is being read into the store
  'draft', // read; waiting for mapping, target and submit
  'queued', // submitted, waiting for an earlier job
  'sending',
  'waiting', // server busy, in a manual import or down: will retry at waitingUntil
  'paused',
  'done', // every lead settled
  'incomplete', // stopped with leads still pending; resume continues
  'failed', // the server refused credentials or configuration
  'cancelled',
]);
export type JobState = z.infer<typeof jobState>;

export const leadStatus = z.enum([
  'invalid', // stopped locally by validation; never sent
  'ready', // valid, not yet sent
  'sending', // an attempt is in flight or its outcome is unknown
  'imported',
  'updated',
  'rejected', // refused by the server
  'review', // the server's reply could not be matched: a person must look
  'skipped', // set aside by a person: never sent, until brought back
]);
export type LeadStatus = z.infer<typeof leadStatus>;

export const counts = z.object({
  total: z.number().int(),
  invalid: z.number().int(),
  ready: z.number().int(),
  sending: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  review: z.number().int(),
  warnings: z.number().int(),
  /** Leads a person set aside (never sent); absent in jobs stored before skipping existed. */
  skipped: z.number().int().default(0),
});
export type Counts = z.infer<typeof counts>;

export const issue = z.object({
  /** Lead field the issue is about, when there is one. */
  field: z.string().optional(),
  /** Source column header, when there is one. */
  column: z.string().optional(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
export type Issue = z.infer<typeof issue>;

export const fileFingerprint = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  headSha256: z.string(),
});
export type FileFingerprint = z.infer<typeof fileFingerprint>;

export const jobSummary = z.object({
  id: z.string(),
  fileName: z.string(),
  sheet: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: jobState,
  counts,
  target: target.optional(),
  serverName: z.string().optional(),
  message: z.string().optional(),
  /** Set while the canary or the refusal guard holds the job. */
  paused: safetyPause.optional(),
});
export type JobSummary = z.infer<typeof jobSummary>;

export const rowView = z.object({
  /** 1-based source row number counting the header row, as a spreadsheet shows it. */
  rowNumber: z.number().int(),
  /** The original cells, in source column order. */
  source: z.array(z.string()),
  /** What will be (or was) sent: field → value. */
  payload: z.record(z.string(), z.string()),
  status: leadStatus,
  issues: z.array(issue),
  /** Server reason for rejected leads. */
  reason: z.string().optional(),
  edited: z.boolean(),
  /** Changed by a person after it was refused or found invalid: "resubmit fixed leads" sends it. */
  fixed: z.boolean().default(false),
  /** The cells as read from the file, when a person has changed them since (shown on hover). */
  original: z.array(z.string()).optional(),
});
export type RowView = z.infer<typeof rowView>;

export const rowFilter = z.enum([
  'all',
  'valid',
  'invalid',
  'warnings',
  'rejected',
  'notAccepted',
  // each group of the finished screen: accepted, updated, not sent (stopped or cancelled), to check
  'imported',
  'updated',
  'notSent',
  'toCheck',
  'changed', // edited by a person
  'skipped',
  'fixed', // fixed after being refused or found invalid, not yet sent
]);
export type RowFilter = z.infer<typeof rowFilter>;

/** Which rows a correction applies to: every part given must hold (rows, filter, reason group, search). */
export const selection = z.object({
  /** Source row numbers (counting the header row), each a number or a [first, last] range. */
  rows: z.array(z.union([z.number().int(), z.tuple([z.number().int(), z.number().int()])])).optional(),
  filter: rowFilter.optional(),
  /** A reason group as getReasonGroups names it. */
  reason: z.string().optional(),
  /** Rows with this text in any cell, ignoring case. */
  search: z.string().optional(),
});
export type Selection = z.infer<typeof selection>;

/** What a correction did (or, for a preview, would do). */
export const editSummary = z.object({
  label: z.string(),
  /** Rows the selection matched. */
  selected: z.number().int(),
  /** Rows changed (or that would change). */
  changed: z.number().int(),
  /** Changed rows that were not valid before and are now. */
  becameValid: z.number().int(),
  /** Changed rows that are valid (will be sent) now. */
  nowValid: z.number().int(),
  /** Changed rows still invalid. */
  stillInvalid: z.number().int(),
  /** Selected rows left alone because they were sent already. */
  alreadySent: z.number().int(),
  counts,
});
export type EditSummary = z.infer<typeof editSummary>;

export const editStep = z.object({ label: z.string(), rows: z.number().int() });
/** What undo and redo would do now, and the fields a correction can name (each with the column it is taken from). */
export const editState = z.object({
  undo: editStep.optional(),
  redo: editStep.optional(),
  fields: z.array(z.object({ field: z.string(), column: z.string() })).default([]),
});
export type EditState = z.infer<typeof editState>;

export const reasonGroup = z.object({
  stage: z.enum(['local', 'server']),
  reason: z.string(),
  count: z.number().int(),
});
export type ReasonGroup = z.infer<typeof reasonGroup>;

export const mappingSuggestion = z.object({
  field: z.string(),
  column: z.string(),
  confidence: z.number().min(0).max(1),
});

// ---------- calls ----------

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const jobRef = z.object({ jobId: z.string() });

export const calls = {
  getAppInfo: {
    request: none,
    reply: z.object({
      name: z.string(),
      version: z.string(),
      mode: z.enum(['electron', 'browser']),
      dataDir: z.string(),
      platform: z.string(),
    }),
  },

  // servers and connection
  listServers: { request: none, reply: z.array(serverInfo) },
  saveServer: {
    request: z.object({
      id: z.string().optional(),
      name: z.string().min(1),
      url: z.string().min(1),
      /** Only ever travels renderer → main; never returned. Empty keeps the stored key. */
      apiKey: z.string().optional(),
      /** Keep the key for this session only (e.g. no OS keychain). */
      sessionOnly: z.boolean().optional(),
    }),
    reply: serverInfo,
  },
  removeServer: { request: z.object({ id: z.string() }), reply: ok },
  testConnection: {
    request: z.object({ serverId: z.string() }),
    reply: z.object({ verdict: connectionVerdict, message: z.string() }),
  },
  startDemoServer: { request: none, reply: serverInfo },

  // server lookups
  listTemplates: { request: z.object({ serverId: z.string() }), reply: z.array(idName) },
  listCampaigns: {
    request: z.object({ serverId: z.string(), templateId: z.number().int() }),
    reply: z.array(idName),
  },
  listAllocations: {
    request: z.object({ serverId: z.string(), campaignId: z.number().int() }),
    reply: z.array(idName),
  },

  // template field catalogue (the API cannot list a template's fields)
  getTemplateFields: {
    request: z.object({ serverId: z.string(), templateId: z.number().int() }),
    reply: z.object({ fields: z.array(leadField), contactHoursNames: z.array(z.string()) }),
  },
  saveTemplateFields: {
    request: z.object({
      serverId: z.string(),
      templateId: z.number().int(),
      fields: z.array(leadField),
      contactHoursNames: z.array(z.string()).default([]),
    }),
    reply: ok,
  },

  // files
  inspectFile: {
    request: sourceChoice,
    reply: z.object({
      fileName: z.string(),
      kind: z.enum(['csv', 'workbook']),
      sheets: z.array(z.string()),
      sheet: z.string().optional(),
      encoding: z.string().optional(),
      delimiter: z.string().optional(),
      /** 1-based header row, detected unless given. */
      headerRow: z.number().int(),
      headers: z.array(z.string()),
      /** The first rows above and below the header, raw, for the header-row picker. */
      topRows: z.array(z.array(z.string())),
      previewRows: z.array(z.array(z.string())),
      fingerprint: fileFingerprint,
      /** Jobs made earlier from a file with the same fingerprint. */
      sameFileJobs: z.array(z.object({ jobId: z.string(), createdAt: z.string(), state: jobState })),
    }),
  },
  /**
   * Starts reading the whole file into a new draft job; progress arrives as `readProgress` events. With
   * `rules` (the mapping and target chosen on the inspection's sample) every row is mapped and checked on the
   * way in, in the reader's worker: the job is ready for Preview when the read ends. Without, rows are kept
   * as read until `applyMapping`.
   */
  importFile: {
    request: sourceChoice.extend({
      rules: z.object({ mapping: mappingSpec, options: normaliseOptions, target }).optional(),
    }),
    reply: jobRef,
  },
  cancelRead: { request: jobRef, reply: ok },

  // mapping
  suggestMapping: {
    request: z.object({
      /** The file's columns: the inspection's headers, or (`jobId`) a stored job's. One of the two. */
      headers: z.array(z.string()).optional(),
      jobId: z.string().optional(),
      /** The chosen template's recorded fields: a saved mapping is fitted to them. */
      fields: z.array(leadField),
      /** The server and template in hand: a mapping saved for them is preferred. */
      serverId: z.string().optional(),
      templateId: z.number().int().optional(),
    }),
    reply: z.object({
      mapping: mappingSpec,
      suggestions: z.array(mappingSuggestion),
      /** Name of the saved profile chosen because the file's header fingerprint matched. */
      profileName: z.string().optional(),
      /** Fields of that profile the template lacks: left out of `mapping`, never sent. */
      droppedFields: z.array(z.string()).optional(),
    }),
  },
  listProfiles: {
    request: none,
    reply: z.array(
      z.object({
        name: z.string(),
        headerFingerprint: z.string().optional(),
        mapping: mappingSpec,
        serverUrl: z.string().optional(),
        templateId: z.number().int().optional(),
      }),
    ),
  },
  saveProfile: {
    request: z.object({
      name: z.string().min(1),
      /** The file's columns (or a stored job's, by `jobId`): the mapping is offered again for files with these. */
      headers: z.array(z.string()).optional(),
      jobId: z.string().optional(),
      mapping: mappingSpec,
      /** The server and template the mapping is made for. */
      serverId: z.string().optional(),
      templateId: z.number().int().optional(),
    }),
    reply: ok,
  },
  deleteProfile: { request: z.object({ name: z.string() }), reply: ok },

  /**
   * Applies mapping and options to every row of a draft job (normalise + validate), off the main thread;
   * progress arrives as `remapProgress` events. The same mapping and options with another target check only
   * the ledger's warnings (`rechecked: 'ledger'`). `cancelled`: stopped by `cancelRemap`, the job is then
   * left without a mapping until one is applied whole.
   */
  applyMapping: {
    request: z.object({
      jobId: z.string(),
      mapping: mappingSpec,
      options: normaliseOptions,
      target: target.optional(),
    }),
    reply: z.object({
      counts,
      groups: z.array(reasonGroup),
      cancelled: z.boolean().optional(),
      /** What was checked again: every row (`rows`), or only the ledger's warnings (`ledger`: the same rules, another target). */
      rechecked: z.enum(['rows', 'ledger']).optional(),
    }),
  },
  cancelRemap: { request: jobRef, reply: ok },
  /** The mapping and options a job's leads were last checked by (none while a new mapping is being applied). */
  getJobMapping: {
    request: jobRef,
    reply: z.object({ mapping: mappingSpec.optional(), options: normaliseOptions.optional() }),
  },

  // rows
  getRows: {
    request: z.object({
      jobId: z.string(),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(2000),
      filter: rowFilter.default('all'),
      reason: z.string().optional(),
      /** Rows with this text in any cell, ignoring case. */
      search: z.string().optional(),
    }),
    reply: z.object({ total: z.number().int(), columns: z.array(z.string()), rows: z.array(rowView) }),
  },
  editRow: {
    request: z.object({
      jobId: z.string(),
      rowNumber: z.number().int(),
      /** source column index → new cell text. */
      cells: z.record(z.string(), z.string()),
    }),
    reply: rowView,
  },

  // jobs
  submitJob: {
    request: z.object({ jobId: z.string(), target, settings: sendSettings }),
    reply: jobSummary,
  },
  pauseJob: { request: jobRef, reply: jobSummary },
  /** A job held by the canary or the guard stays paused unless `continueAnyway`. */
  resumeJob: { request: jobRef.extend({ continueAnyway: z.boolean().optional() }), reply: jobSummary },
  cancelJob: { request: jobRef, reply: jobSummary },
  listJobs: { request: none, reply: z.array(jobSummary) },
  getJob: { request: jobRef, reply: jobSummary },
  getReasonGroups: { request: jobRef, reply: z.array(reasonGroup) },
  /**
   * Sends the job's fixed leads and no others: leads a person changed after they were refused or found
   * invalid, now valid and not yet sent. The job's other unsent leads (a cancelled job's rest) stay unsent.
   */
  resubmitFixed: { request: jobRef, reply: jobSummary },
  /** "Send the rest": queues every unsent valid lead of a stopped job, fixed or not. */
  sendRest: { request: jobRef, reply: jobSummary },
  /** A report of the job's leads not accepted (the default) or accepted, written in the data folder. */
  exportRejected: {
    request: z.object({
      jobId: z.string(),
      format: z.enum(['csv', 'xlsx']),
      /** Leads not accepted only, or also leads fixed since and not sent yet (for `leads: 'notAccepted'`). */
      include: z.enum(['notAccepted', 'alsoFixed']).default('notAccepted'),
      leads: z.enum(['notAccepted', 'accepted']).optional(),
    }),
    reply: z.object({ path: z.string(), fileName: z.string(), rows: z.number().int() }),
  },

  // corrections (bulk edits, undo, redo); progress arrives as `editProgress` events
  editRows: {
    request: z.object({
      jobId: z.string(),
      selection,
      action: bulkAction,
      /** Count what would change, change nothing. */
      dryRun: z.boolean().default(false),
      /** Make the change even when it leaves every changed row invalid. */
      allowAllInvalid: z.boolean().default(false),
    }),
    reply: editSummary,
  },
  undoEdit: { request: jobRef, reply: z.object({ label: z.string(), changed: z.number().int(), counts }) },
  redoEdit: { request: jobRef, reply: z.object({ label: z.string(), changed: z.number().int(), counts }) },
  getEditState: { request: jobRef, reply: editState },
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallRequest<K extends CallName> = z.input<Calls[K]['request']>;
export type CallReply<K extends CallName> = z.infer<Calls[K]['reply']>;

// ---------- events (main → renderer) ----------

export const events = {
  readProgress: z.object({
    jobId: z.string(),
    rowsRead: z.number().int(),
    bytesRead: z.number(),
    totalBytes: z.number(),
    done: z.boolean(),
    /** One clear line when reading failed; the job is then removed. */
    error: z.string().optional(),
  }),
  jobProgress: z.object({
    jobId: z.string(),
    state: jobState,
    counts,
    /** Leads settled per second over the last half minute. */
    rate: z.number(),
    etaSeconds: z.number().optional(),
    concurrency: z.number().int(),
    /** ISO time when a waiting job will try again. */
    waitingUntil: z.string().optional(),
    message: z.string().optional(),
    /** Set when the canary or the refusal guard paused the job. */
    paused: safetyPause.optional(),
    /** Leads refused by the server so far, by reason, most frequent first (at most 10 reasons). */
    refusals: z.array(z.object({ reason: z.string(), count: z.number().int() })).optional(),
  }),
  /** A correction, undo or redo of many rows under way. */
  editProgress: z.object({
    jobId: z.string(),
    label: z.string(),
    phase: z.enum(['checking', 'saving', 'undoing', 'redoing']),
    done: z.number().int(),
    total: z.number().int().optional(),
  }),
  /** How far applyMapping has re-checked a job's rows. */
  remapProgress: z.object({ jobId: z.string(), rowsDone: z.number().int(), total: z.number().int() }),
  /** Files given to the app from outside (OS "open with", second launch, dock drop). */
  openFiles: z.object({ paths: z.array(z.string()) }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.infer<Events[K]>;

// ---------- the shape both providers give the renderer ----------

export type ApiCalls = { [K in CallName]: (request: CallRequest<K>) => Promise<CallReply<K>> };

export interface Api extends ApiCalls {
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Turns a File the user picked or dropped into a path main can read (Electron: its path; browser: uploaded). */
  fileToPath(file: File): Promise<string>;
  /** Lets the user keep an exported file (Electron: reveal it; browser: download it). */
  saveExport(path: string, fileName: string): Promise<void>;
}

/** Errors cross the transport as values; the providers turn them back into this. */
export const callError = z.object({ code: z.string(), message: z.string() });
export type CallError = z.infer<typeof callError>;

export class ApiError extends Error {
  readonly code: string;
  constructor(error: CallError) {
    super(error.message);
    this.code = error.code;
    this.name = 'ApiError';
  }
}

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];
