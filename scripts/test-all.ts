/**
 * `npm test`: every suite (vitest unit + integration, Playwright browser e2e), then one closing line
 * `N passed, N failed, N skipped` summed over both runners. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const reports = '.ci/.reports';
mkdirSync(reports, { recursive: true });
const vitestReport = `${reports}/vitest.json`;
const reliabilityReport = `${reports}/reliability.json`;
const playwrightReport = `${reports}/playwright.json`;
for (const file of [vitestReport, reliabilityReport, playwrightReport]) rmSync(file, { force: true });

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const run = (label: string, command: string, args: string[]) => {
  console.log(`\n=== ${label} ===`);
  return spawnSync(command, args, { stdio: 'inherit', env: process.env }).status ?? 1;
};

const node = process.execPath;
const vitestStatus = run('unit and integration tests (vitest)', node, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);

// The reliability suite at its small scale (npm run test:reliability runs it in full).
const reliabilityStatus = run('reliability (kill -9, faults, bad files, bad servers, secrets, load; small scale)', node, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--config',
  'vitest.reliability.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reliabilityReport}`,
]);

const buildStatus = run('building the renderer for the browser e2e', node, [
  'node_modules/vite/bin/vite.js',
  'build',
  '--config',
  'renderer/vite.config.ts',
  '--logLevel',
  'warn',
]);
const playwrightStatus =
  buildStatus === 0
    ? run('browser e2e (Playwright, headless Chromium)', node, ['node_modules/@playwright/test/cli.js', 'test'])
    : 1;

function vitestTally(report: string): Tally | undefined {
  if (!existsSync(report)) return undefined;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  // A file that fails to load has no tests but still failed.
  const brokenFiles = (r.testResults ?? []).filter(
    (f: { status: string; assertionResults: unknown[] }) => f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightTally(): Tally | undefined {
  if (!existsSync(playwrightReport)) return undefined;
  const s = JSON.parse(readFileSync(playwrightReport, 'utf8')).stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

const tallies = [vitestTally(vitestReport), vitestTally(reliabilityReport), playwrightTally()];
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
for (const t of tallies) {
  if (!t) continue;
  total.passed += t.passed;
  total.failed += t.failed;
  total.skipped += t.skipped;
}
// A runner that crashed before writing its report counts as one failure, so it can never pass silently.
for (const tally of tallies) if (!tally) total.failed += 1;
const anyFailed = total.failed > 0 || vitestStatus !== 0 || reliabilityStatus !== 0 || playwrightStatus !== 0;
if (anyFailed && total.failed === 0) total.failed = 1;
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(anyFailed ? 1 : 0);
