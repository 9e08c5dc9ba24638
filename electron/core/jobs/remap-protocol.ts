/** Messages between the re-mapping (remap.ts) and its worker thread (remap-worker.ts). */
import type { BuiltRow, RowInput } from './build.ts';
import type { BuildRules } from './lead-reader-protocol.ts';

export type RemapRequest =
  | { type: 'rules'; rules: BuildRules }
  | { type: 'rows'; chunk: number; rows: (RowInput & { seq: number })[] };

export type RemapReply = { type: 'judged'; chunk: number; judged: BuiltRow[] } | { type: 'error'; message: string };
