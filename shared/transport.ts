/**
 * How the contract travels: the channel names of Electron's IPC and the result envelope every transport
 * (IPC and browser-mode HTTP) carries. Main, the preload and the browser client all take them from here, so
 * that no shell imports another (the layer rules forbid main → preload).
 */
import { z } from 'zod';
import { callError } from './contract.ts';

export const callChannel = (name: string) => `api:${name}`;
export const eventChannel = (name: string) => `event:${name}`;
/** The one channel outside the contract's table: handing an exported file to the person (reveal or download). */
export const SAVE_EXPORT_CHANNEL = 'app:saveExport';

/** A call's answer: its value, or an error as a value (the providers turn it back into an ApiError). */
export const callResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: callError }),
]);
export type CallResult = z.infer<typeof callResult>;
