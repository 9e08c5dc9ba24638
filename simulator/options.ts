/** How a simulator is started (docs/simulator.md), and the check that refuses settings that would misbehave quietly. */
import { parseFaults } from './faults.ts';

export interface SimulatorOptions {
  port: number;
  host: string;
  apiKey: string;
  concurrency: number;
  minCallMs: number;
  perLeadMs: number;
  queueTimeoutMs: number;
  faults: string;
  seed: number;
  stateFile?: string;
  contactHours: string[];
}

export const DEFAULT_OPTIONS: SimulatorOptions = {
  port: 8089,
  host: '127.0.0.1',
  apiKey: 'demo-key',
  concurrency: 2,
  minCallMs: 100,
  perLeadMs: 0.2,
  queueTimeoutMs: 60_000,
  faults: '',
  seed: 1,
  contactHours: ['Business Hours', 'After Hours', 'Weekends'],
};

export function checkOptions(o: SimulatorOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65_535) problems.push(`port must be 0-65535 (got ${o.port})`);
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1)
    problems.push(`concurrency must be a whole number of at least 1 (got ${o.concurrency})`);
  for (const name of ['minCallMs', 'perLeadMs', 'queueTimeoutMs'] as const) {
    if (!Number.isFinite(o[name]) || o[name] < 0) problems.push(`${name} must be a number of at least 0 (got ${o[name]})`);
  }
  if (!o.apiKey) problems.push('apiKey must not be empty');
  if (problems.length > 0) throw new Error(`simulator options: ${problems.join('; ')}`);
  parseFaults(o.faults); // throws naming the bad part
}
