import { describe, expect, it, vi } from 'vitest';
import { chooseLaunch, probeElectron } from './start.ts';

describe('npm start', () => {
  it('launches Electron when its binary exists and starts', () => {
    const probe = vi.fn(() => ({ ok: true as const }));
    expect(chooseLaunch({ ok: true, path: '/x/electron' }, probe)).toEqual({ mode: 'electron', binary: '/x/electron' });
    expect(probe).toHaveBeenCalledWith('/x/electron');
  });

  it('falls back to browser mode with one line saying why', () => {
    const noBinary = chooseLaunch({ ok: false, reason: 'the electron package has no binary' }, () => ({ ok: true }));
    expect(noBinary).toEqual({
      mode: 'browser',
      line: 'No Electron runtime here (the electron package has no binary): starting browser mode.',
    });
    const broken = chooseLaunch({ ok: true, path: '/x/electron' }, () => ({ ok: false, reason: 'libgtk missing' }));
    expect(broken).toMatchObject({ mode: 'browser', line: expect.stringContaining('(libgtk missing)') });
    expect(broken.mode === 'browser' && broken.line.includes('\n')).toBe(false);
  });

  it('probes a binary by running it', () => {
    expect(probeElectron(process.execPath)).toEqual({ ok: true });
    expect(probeElectron('/nonexistent/electron')).toMatchObject({ ok: false, reason: expect.stringMatching(/does not start/) });
  });
});
