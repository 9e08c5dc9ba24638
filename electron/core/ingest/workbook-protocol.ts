/** Messages between the workbook host (workbook.ts) and its worker (workbook-worker.ts). */
import type { ReadProgress, SourceInfo, SourceOptions, SourceRow } from './types.ts';

export type WorkerRequest =
  /** `streamed`: an .xlsx/.xlsm zip, inspected by the streaming reader (xlsx/reader.ts) rather than SheetJS. */
  | { id: number; type: 'inspect'; path: string; options: SourceOptions; streamed?: boolean }
  | { id: number; type: 'read'; path: string; options: SourceOptions }
  | { id: number; type: 'next' }
  /** Load the streaming reader's modules ahead of a sample; answered `done`. */
  | { id: number; type: 'warm' };

export type WorkerReply =
  | { id: number; type: 'info'; info: SourceInfo }
  | { id: number; type: 'batch'; rows: SourceRow[]; progress: ReadProgress }
  | { id: number; type: 'done' }
  /** `errno`: a file-system failure (ENOENT, EACCES…) whose code the host turns into its own message. */
  | { id: number; type: 'error'; code: string; message: string; errno?: boolean };
