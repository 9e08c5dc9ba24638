import type { ZodError } from 'zod';
import { type CallName, calls } from '../../shared/contract.ts';
import type { CallResult } from '../../shared/transport.ts';
import { isUserError } from './errors.ts';
import type { Handlers } from './handlers/types.ts';
import { redact } from './redact.ts';

export type { CallResult };

export const isCallName = (name: string): name is CallName => Object.hasOwn(calls, name);

/**
 * The single entry from any transport (Electron IPC, browser-mode HTTP) into the core:
 * checks the call exists, validates the request with the contract's schema, runs the handler,
 * and turns failures into values that say what went wrong without internals or secrets.
 */
export async function dispatch(
  handlers: Partial<Handlers>,
  name: string,
  request: unknown,
  onInternalError: (error: unknown) => void = () => {},
): Promise<CallResult> {
  if (!isCallName(name)) return { ok: false, error: { code: 'unknown-call', message: `Unknown call "${name}".` } };
  const parsed = calls[name].request.safeParse(request ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'bad-request', message: `Invalid ${name} request: ${describeZod(parsed.error)}` } };
  }
  const handler = handlers[name] as ((req: unknown) => Promise<unknown>) | undefined;
  if (!handler) return { ok: false, error: { code: 'unavailable', message: `${name} is not available here.` } };
  try {
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (isUserError(error)) return { ok: false, error: { code: error.code, message: redact(error.message) } };
    onInternalError(error);
    const detail = error instanceof Error ? redact(error.message) : 'unknown error';
    return { ok: false, error: { code: 'internal', message: `Something went wrong in ${name}: ${detail}` } };
  }
}

export function describeZod(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
