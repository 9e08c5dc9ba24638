import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without types (it must load on any Node, so it is not TypeScript)
import { nodeVersionProblem } from './require-node.mjs';

/** A Node older than 24 on this machine, if there is one (Debian's, say): the check is then run on it for real. */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
      if (Number(version.slice(1).split('.')[0]) < 24) return candidate;
    } catch {
      // not installed here
    }
  }
  return undefined;
}

describe('the Node version check', () => {
  it('says in one line what is needed and how to get it', () => {
    const line = nodeVersionProblem('20.20.2');
    expect(line).toContain('needs Node.js 24 or later');
    expect(line).toContain('20.20.2');
    expect(line).toContain('nvm install 24');
    expect(line).not.toContain('\n');
    expect(nodeVersionProblem('24.0.0')).toBeUndefined();
    expect(nodeVersionProblem('25.1.0')).toBeUndefined();
  });

  it('runs before npm start, npm test, npm run web and npm install', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    for (const name of ['prestart', 'pretest', 'preweb']) expect(scripts[name]).toBe('node scripts/require-node.mjs');
    expect(scripts.preinstall).toBe('node scripts/require-node.mjs --warn');
  });

  const old = olderNode();
  it.skipIf(!old)('stops an older Node with the line, not a stack trace, for the app and the command line', () => {
    for (const entry of ['scripts/require-node.mjs', 'bin/noojee-upload.mjs']) {
      const run = spawnSync(old as string, [entry, '--help'], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Noojee Lead Uploader needs Node\.js 24 or later, and this is Node\.js \d+\.\d+/);
      expect(run.stderr).not.toMatch(/ERR_|at .*:\d+:\d+/);
    }
    const install = spawnSync(old as string, ['scripts/require-node.mjs', '--warn'], { encoding: 'utf8' });
    expect(install.status).toBe(0);
    expect(install.stderr).toContain('needs Node.js 24 or later');
  });
});
