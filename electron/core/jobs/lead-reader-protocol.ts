/** Messages between the lead reader (lead-reader.ts) and its worker thread (lead-reader-worker.ts). */
import type { LeadField, MappingSpec, NormaliseOptions } from '../../../shared/contract.ts';
import type { ReadProgress, SourceOptions } from '../ingest/types.ts';
import type { RuledBatch, UnruledBatch } from './batch-transport.ts';

/** The rules to build leads by. */
export interface BuildRules {
  headers: string[];
  mapping: MappingSpec;
  options: NormaliseOptions;
  fields?: LeadField[];
}

/** The worker's first message: what to read. The ledger stays with the reader, which runs the checks across the file. */
export interface ReadRequest {
  path: string;
  options: SourceOptions;
  rules?: BuildRules;
  /** Shared: [0] counts the batches the reader has stored, so the worker knows how far ahead it is. */
  taken: Int32Array;
  /**
   * When the worker leaves a batch's rules to the reader: when the reader has nothing else to do (the
   * default), always or never. The last two are for tests.
   */
  shareRules?: ShareRules;
}

export type ShareRules = 'when-idle' | 'always' | 'never';

/** Worker → reader. The reader counts each batch in `taken` once it has stored it. */
export type ReadMessage =
  | { type: 'batch'; ruled: RuledBatch; progress?: ReadProgress }
  | { type: 'unruled'; unruled: UnruledBatch; progress?: ReadProgress }
  | { type: 'done'; progress?: ReadProgress }
  | { type: 'error'; code?: string; message: string };

/** Batches the worker may read ahead of the store: enough to keep both threads busy, few enough to bound memory. */
export const READ_AHEAD = 3;
