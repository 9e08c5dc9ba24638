/**
 * The one contract between the renderer and everything behind it.
 *
 * Every call the renderer can make is a row of `calls` (request and reply schemas); every event it can
 * receive is a row of `events`. Electron's preload, main's IPC handlers, the browser-mode server and the
 * browser client are all generated from these tables, so adding a call is one deliberate edit in its
 * group's module under shared/contract/ (servers, files, mapping, rows, jobs; events; api for the shape
 * `window.api` has). Schemas come first; types are inferred from them, here and everywhere else.
 * This file is the index: everything is imported from here.
 */
import type { z } from 'zod';
import { type EventName, events } from './contract/events.ts';
import { fileCalls } from './contract/files.ts';
import { jobCalls } from './contract/jobs.ts';
import { mappingCalls } from './contract/mapping.ts';
import { rowCalls } from './contract/rows.ts';
import { serverCalls } from './contract/servers.ts';

export * from './contract/api.ts';
export * from './contract/events.ts';
export * from './contract/files.ts';
export * from './contract/jobs.ts';
export * from './contract/mapping.ts';
export * from './contract/rows.ts';
export * from './contract/servers.ts';

/** Every call, by group (shared/contract/), in one table. */
export const calls = { ...serverCalls, ...fileCalls, ...mappingCalls, ...rowCalls, ...jobCalls } as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallRequest<K extends CallName> = z.input<Calls[K]['request']>;
export type CallReply<K extends CallName> = z.infer<Calls[K]['reply']>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];
