/** What the simulator counts: outcomes overall and per API method, lead totals, insert requests. */
import { INSERT_METHODS } from './catalogue.ts';

export function createCounters() {
  let counters: Record<string, number> = {};
  let callsByMethod: Record<string, Record<string, number>> = {};
  let insertRequests = 0;
  const count = (name: string, n = 1) => {
    counters[name] = (counters[name] ?? 0) + n;
  };
  return {
    count,
    /** One outcome of one call: counted overall and under its method. */
    outcome(method: string, name: string) {
      // The flat `ok` means an insert call that was answered; lookups that succeed show only per method.
      if (name !== 'ok' || INSERT_METHODS.has(method)) count(name);
      const perMethod = callsByMethod[method] ?? {};
      callsByMethod[method] = perMethod;
      perMethod[name] = (perMethod[name] ?? 0) + 1;
    },
    insertRequest() {
      insertRequests++;
    },
    snapshot() {
      return {
        counters: { ...counters },
        callsByMethod: Object.fromEntries(Object.entries(callsByMethod).map(([m, c]) => [m, { ...c }])),
        insertRequests,
      };
    },
    clear() {
      counters = {};
      callsByMethod = {};
      insertRequests = 0;
    },
  };
}

export type Counters = ReturnType<typeof createCounters>;
