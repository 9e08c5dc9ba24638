import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/contract.ts';
import { registerSecret } from '../core/redact.ts';
import { emptyCounts } from '../core/store/job-store.ts';
import { diagnosticsText, jobCountsByState } from './diagnostics.ts';

const counts = (c: Partial<Counts>): Counts => ({ ...emptyCounts(), ...c });

describe('copy diagnostics', () => {
  const input = () => ({
    appVersion: '1.2.3',
    versions: { electron: '45.5.0', node: '22.20.0', chrome: '142.0' },
    platform: 'linux',
    arch: 'x64',
    osRelease: '6.8.0',
    dataDir: '/home/me/.config/Noojee Lead Uploader',
    keychain: { backend: 'basic_text', secure: false },
    autoUpdate: 'off',
    servers: [
      { name: 'PBX', url: 'https://pbx.example.com/servlet?apiKey=leaked-key-123', keyStorage: 'keychain', isDemo: false },
      { name: 'Demo', url: 'http://127.0.0.1:4321', keyStorage: 'session', isDemo: true },
    ],
    jobs: [
      {
        id: '7',
        state: 'done' as const,
        updatedAt: '2026-11-27T01:00:00Z',
        counts: counts({ total: 10, imported: 8, updated: 1, rejected: 1 }),
      },
      {
        id: '8',
        state: 'sending' as const,
        updatedAt: '2026-11-27T02:00:00Z',
        counts: counts({ total: 5, ready: 3, sending: 2 }),
      },
      { id: '9', state: 'done' as const, updatedAt: '2026-11-27T03:00:00Z', counts: counts({ total: 1, invalid: 1 }) },
    ],
  });

  it('says what support needs: versions, platform, data folder, keychain, servers by origin, job counts', () => {
    const text = diagnosticsText(input());
    expect(text.split('\n').slice(0, 8)).toEqual([
      'Noojee Lead Uploader 1.2.3',
      'Electron 45.5.0, Node 22.20.0, Chromium 142.0',
      'OS: linux 6.8.0 x64',
      'Data folder: /home/me/.config/Noojee Lead Uploader',
      'Keychain: basic_text (keys kept for the session only)',
      'Auto-update: off',
      'Servers: PBX <https://pbx.example.com> (key: keychain); Demo <http://127.0.0.1:4321> (key: session, demo)',
      'Jobs: 3 (2 done, 1 sending)',
    ]);
    expect(text).toContain(
      'job 7: done at 2026-11-27T01:00:00Z; 10 rows, 9 accepted, 1 rejected, 0 to review, 0 invalid, 0 pending',
    );
    expect(text).toContain(
      'job 8: sending at 2026-11-27T02:00:00Z; 5 rows, 0 accepted, 0 rejected, 0 to review, 0 invalid, 5 pending',
    );
  });

  it('carries no key, query string or registered secret', () => {
    registerSecret('registered-secret-xyz');
    const d = input();
    d.servers[0].name = 'PBX registered-secret-xyz';
    const text = diagnosticsText(d);
    expect(text).not.toMatch(/leaked-key-123|apiKey|servlet|registered-secret-xyz/);
    expect(text).toContain('PBX ***');
  });

  it('counts jobs by state', () => {
    expect(jobCountsByState([])).toBe('none');
  });
});
