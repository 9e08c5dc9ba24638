import type { z } from 'zod';
import type { CallName, CallReply, Calls } from '../../../shared/contract.ts';

/** A core handler receives the request as its schema parsed it (defaults filled in). */
export type Handler<K extends CallName> = (request: z.output<Calls[K]['request']>) => Promise<CallReply<K>>;

export type Handlers = { [K in CallName]: Handler<K> };
