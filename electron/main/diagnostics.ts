/** "Copy diagnostics": what support needs to help, and nothing secret (no keys, no URLs with queries, no lead data). */
import { redact } from '../core/redact.ts';

export interface DiagnosticsInput {
  appVersion: string;
  electron: string;
  node: string;
  chrome: string;
  platform: string;
  arch: string;
  dataDir: string;
  keychain: string;
  servers: { name: string; url: string; keyStorage: string }[];
  jobs: { id: string; state: string; total: number; imported: number; rejected: number; invalid: number }[];
}

export function diagnosticsText(d: DiagnosticsInput): string {
  const lines = [
    `Noojee Lead Uploader ${d.appVersion}`,
    `Electron ${d.electron}, Node ${d.node}, Chromium ${d.chrome}, ${d.platform} ${d.arch}`,
    `Data folder: ${d.dataDir}`,
    `Keychain: ${d.keychain}`,
    `Servers: ${d.servers.map((s) => `${s.name} <${new URL(s.url).origin}> (key: ${s.keyStorage})`).join('; ') || 'none'}`,
    'Recent jobs:',
    ...d.jobs
      .slice(0, 10)
      .map(
        (j) =>
          `  job ${j.id}: ${j.state}, ${j.total} leads, ${j.imported} imported, ${j.rejected} rejected, ${j.invalid} invalid`,
      ),
  ];
  return redact(lines.join('\n'));
}
