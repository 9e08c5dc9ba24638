/**
 * Help ▸ Copy diagnostics: what support needs to help, and nothing secret or personal: no API keys, no
 * URLs beyond the server's origin, no file names (they often name customers), no lead data.
 */
import type { JobSummary } from '../../shared/contract.ts';
import { redact } from '../core/redact.ts';

export interface DiagnosticsInput {
  appVersion: string;
  versions: { electron?: string; node: string; chrome?: string };
  platform: string;
  arch: string;
  osRelease: string;
  dataDir: string;
  keychain: { backend: string; secure: boolean };
  autoUpdate: string;
  servers: { name: string; url: string; keyStorage: string; isDemo: boolean }[];
  jobs: Pick<JobSummary, 'id' | 'state' | 'counts' | 'updatedAt'>[];
}

const origin = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a URL)';
  }
};

export function jobCountsByState(jobs: DiagnosticsInput['jobs']): string {
  const byState = new Map<string, number>();
  for (const j of jobs) byState.set(j.state, (byState.get(j.state) ?? 0) + 1);
  return [...byState].map(([state, n]) => `${n} ${state}`).join(', ') || 'none';
}

export function diagnosticsText(d: DiagnosticsInput): string {
  const { versions: v } = d;
  const lines = [
    `Noojee Lead Uploader ${d.appVersion}`,
    `Electron ${v.electron ?? '-'}, Node ${v.node}, Chromium ${v.chrome ?? '-'}`,
    `OS: ${d.platform} ${d.osRelease} ${d.arch}`,
    `Data folder: ${d.dataDir}`,
    `Keychain: ${d.keychain.backend} (${d.keychain.secure ? 'keys kept encrypted' : 'keys kept for the session only'})`,
    `Auto-update: ${d.autoUpdate}`,
    `Servers: ${d.servers.map((s) => `${s.name} <${origin(s.url)}> (key: ${s.keyStorage}${s.isDemo ? ', demo' : ''})`).join('; ') || 'none'}`,
    `Jobs: ${d.jobs.length} (${jobCountsByState(d.jobs)})`,
    ...d.jobs.slice(0, 10).map((j) => {
      const c = j.counts;
      return `  job ${j.id}: ${j.state} at ${j.updatedAt}; ${c.total} rows, ${c.imported + c.updated} accepted, ${c.rejected} rejected, ${c.review} to review, ${c.invalid} invalid, ${c.ready + c.sending} pending`;
    }),
  ];
  return redact(lines.join('\n'));
}
