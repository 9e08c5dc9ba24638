/** The shape both providers (preload and browser client) give the renderer, and errors as they cross. */
import { z } from 'zod';
import type { CallName, CallReply, CallRequest } from '../contract.ts';
import type { EventName, EventPayload } from './events.ts';

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
