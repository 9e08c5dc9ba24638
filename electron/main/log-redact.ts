/** Every value a log line carries is turned into redacted text: an API key must not reach the log file by any route. */
import { inspect } from 'node:util';
import { redact } from '../core/redact.ts';

export function redactLogData(data: readonly unknown[]): unknown[] {
  return data.map((d) => {
    if (typeof d === 'string') return redact(d);
    if (typeof d === 'number' || typeof d === 'boolean' || d === null || d === undefined) return d;
    if (d instanceof Error) return redact(d.stack ?? `${d.name}: ${d.message}`);
    return redact(inspect(d, { depth: 4, breakLength: Number.POSITIVE_INFINITY }));
  });
}
