/** `npm run simulator -- [options]`: the Campaigner stand-in on its own (docs/simulator.md). */
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, startSimulator } from './server.ts';

const usage = `usage: npm run simulator -- [--port N] [--host 127.0.0.1] [--api-key KEY] [--concurrency K]
       [--min-call-ms 100] [--per-lead-ms 0.2] [--queue-timeout-ms 60000] [--faults SPEC] [--seed N] [--state FILE]
       [--contact-hours "Business Hours,After Hours,Weekends"]`;

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      concurrency: { type: 'string' },
      'min-call-ms': { type: 'string' },
      'per-lead-ms': { type: 'string' },
      'queue-timeout-ms': { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      state: { type: 'string' },
      'contact-hours': { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const number = (name: string, fallback: number): number => {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number (got "${raw}")`);
    process.exit(2);
  }
  return n;
};

try {
  const sim = await startSimulator({
    port: number('port', DEFAULT_OPTIONS.port),
    host: (values.host as string) ?? DEFAULT_OPTIONS.host,
    apiKey: (values['api-key'] as string) ?? DEFAULT_OPTIONS.apiKey,
    concurrency: number('concurrency', DEFAULT_OPTIONS.concurrency),
    minCallMs: number('min-call-ms', DEFAULT_OPTIONS.minCallMs),
    perLeadMs: number('per-lead-ms', DEFAULT_OPTIONS.perLeadMs),
    queueTimeoutMs: number('queue-timeout-ms', DEFAULT_OPTIONS.queueTimeoutMs),
    faults: (values.faults as string) ?? '',
    seed: number('seed', DEFAULT_OPTIONS.seed),
    stateFile: values.state as string | undefined,
    contactHours:
      values['contact-hours'] === undefined
        ? DEFAULT_OPTIONS.contactHours
        : String(values['contact-hours'])
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
  });
  console.log(`listening on ${sim.url}`);
  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  // once: a second Ctrl-C while closing falls back to the default, an immediate exit.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`simulator: ${(error as Error).message}`);
  process.exit(2);
}
