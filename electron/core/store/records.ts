/** The shapes the job store reads and writes: a job, a lead as written, as read and as sent, a settlement. */
import type {
  Counts,
  FileFingerprint,
  Issue,
  JobState,
  LeadStatus,
  MappingSpec,
  NormaliseOptions,
  SendSettings,
} from '../../../shared/contract.ts';

export interface SourceMeta {
  kind: 'csv' | 'workbook';
  sheet?: string;
  headerRow: number;
  encoding?: string;
  delimiter?: string;
  headers: string[];
  rawHeaders: string[];
  /** Empty rows (or rows of only spaces) between the header and the last lead, left out when read. */
  emptyRows?: number;
}

export interface StoredTarget {
  serverId?: string;
  serverUrl: string;
  serverName?: string;
  templateId: number;
  campaignId: number;
  allocationId: number;
  /** CLI jobs: the name of the environment variable that holds the key (never the key). */
  keyEnv?: string;
}

export interface JobRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  state: JobState;
  message?: string;
  fileName: string;
  filePath: string;
  source: SourceMeta;
  fingerprint?: FileFingerprint;
  mapping?: MappingSpec;
  options?: NormaliseOptions;
  target?: StoredTarget;
  settings?: SendSettings;
  counts: Counts;
  /** 'fixed' while the job is sent for its fixed leads only (resubmitFixed); otherwise every ready lead. */
  sendOnly?: 'fixed';
}

export interface LeadWrite {
  seq: number;
  rowNumber: number;
  cells: string[];
  raw?: (number | Date | undefined)[];
  payload?: Record<string, string>;
  status: LeadStatus;
  issues?: Issue[];
  reason?: string;
}

export interface LeadRow {
  seq: number;
  rowNumber: number;
  cells: string[];
  raw?: (number | string | null)[];
  payload?: Record<string, string>;
  status: LeadStatus;
  issues: Issue[];
  reason?: string;
  attempts: number;
  uncertain: boolean;
  edited: boolean;
  /** Changed by a person after it was refused or found invalid (what "resubmit fixed" sends). */
  fixed: boolean;
  /** The cells as read from the file, when a person has changed them since. */
  original?: string[];
}

export interface SendableLead {
  seq: number;
  rowNumber: number;
  payload: Record<string, string>;
  uncertain: boolean;
  attempts: number;
}

/** What a lead without a stored payload sends: derived from its cells by the job's mapping. */
export type DerivePayload = (cells: string[], raw: LeadRow['raw']) => Record<string, string>;

export interface Settlement {
  seq: number;
  status: LeadStatus;
  reason?: string;
  uncertain?: boolean;
}

export const emptyCounts = (): Counts => ({
  total: 0,
  invalid: 0,
  ready: 0,
  skipped: 0,
  sending: 0,
  imported: 0,
  updated: 0,
  rejected: 0,
  review: 0,
  warnings: 0,
});
