/** The store's guards against a second writer, a full disk and what it keeps for others to read. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareDataFolder } from '../host/data-folder.ts';
import { writeLeads } from '../testing/store-fixtures.ts';
import { type LeadWrite, openJobStore } from './job-store.ts';
import { type StorageError, storageErrorOf } from './storage-error.ts';
import { removeOrphanUploads } from './uploads-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'store-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const source = { kind: 'csv' as const, headerRow: 1, headers: ['Name', 'Phone'], rawHeaders: ['Name', 'Phone'] };
const lead = (seq: number): LeadWrite => ({
  seq,
  rowNumber: seq + 2,
  cells: [`L${seq}`, `04120000${String(seq).padStart(2, '0')}`],
  payload: { Name: `L${seq}` },
  status: 'ready',
});

describe('starting an attempt', () => {
  it('takes only leads still ready, so two writers that both read them as ready never send them twice', () => {
    const folder = join(dir, 'two-writers');
    const a = openJobStore(folder);
    const b = openJobStore(folder);
    const jobId = a.createJob({ fileName: 'a.csv', filePath: '/a.csv', source });
    writeLeads(
      a,
      jobId,
      [0, 1, 2, 3].map((seq) => lead(seq)),
    );
    // Both read the same ready leads, then each starts an attempt with them.
    const seenByA = a.nextReady(jobId, -1, 3).map((l) => l.seq);
    const seenByB = b.nextReady(jobId, -1, 4).map((l) => l.seq);
    const first = a.beginAttempt(jobId, seenByA);
    const second = b.beginAttempt(jobId, seenByB);
    expect(first?.seqs).toEqual([0, 1, 2]);
    expect(second?.seqs).toEqual([3]);
    expect(b.beginAttempt(jobId, [0, 1, 2, 3])).toBeUndefined();
    const carried = a.attempts(jobId).flatMap((t) => t.leadSeqs);
    expect(carried.sort()).toEqual([0, 1, 2, 3]);
    a.close();
    b.close();
  });
});

describe('storage errors', () => {
  it('names a full store, a damaged one, a read-only disk and a locked store in one plain line each', () => {
    const sqlite = (errcode: number, message: string) => Object.assign(new Error(message), { code: 'ERR_SQLITE_ERROR', errcode });
    expect(storageErrorOf(sqlite(13, 'database or disk is full'))).toMatchObject({ problem: 'full' });
    expect(storageErrorOf(sqlite(778, 'disk I/O error'))).toMatchObject({ problem: 'io' });
    expect(storageErrorOf(sqlite(11, 'database disk image is malformed'))).toMatchObject({ problem: 'corrupt' });
    expect(storageErrorOf(sqlite(26, 'file is not a database'))).toMatchObject({ problem: 'corrupt' });
    expect(storageErrorOf(sqlite(8, 'attempt to write a readonly database'))).toMatchObject({ problem: 'read-only' });
    expect(storageErrorOf(sqlite(5, 'database is locked'))).toMatchObject({ problem: 'locked' });
    expect(storageErrorOf(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toMatchObject({ problem: 'full' });
    expect(storageErrorOf(sqlite(19, 'UNIQUE constraint failed'))).toBeUndefined();
    expect(storageErrorOf(new TypeError('a bug'))).toBeUndefined();
    for (const e of [sqlite(13, ''), sqlite(11, ''), sqlite(8, ''), sqlite(5, '')])
      expect((storageErrorOf(e) as StorageError).message).not.toContain('\n');
  });

  it('opening a file that is not a database is a storage error, not a crash', () => {
    const folder = join(dir, 'not-a-db');
    mkdirSync(folder);
    writeFileSync(join(folder, 'jobs.sqlite'), Buffer.alloc(8192, 0x5a));
    let thrown: unknown;
    try {
      openJobStore(folder);
    } catch (error) {
      thrown = error;
    }
    expect(storageErrorOf(thrown)).toMatchObject({ problem: 'corrupt' });
  });
});

describe('what the data folder keeps', () => {
  it('keeps the job store and its log readable by their owner only', () => {
    const folder = join(dir, 'private');
    prepareDataFolder(folder);
    const store = openJobStore(folder);
    const jobId = store.createJob({ fileName: 'a.csv', filePath: '/a.csv', source });
    writeLeads(store, jobId, [lead(0)]);
    for (const name of readdirSync(folder)) expect([name, statSync(join(folder, name)).mode & 0o777]).toEqual([name, 0o600]);
    store.close();
  });

  it('removes a job’s uploaded copy with the job, and uploads no job refers to', () => {
    const folder = join(dir, 'uploads');
    const store = openJobStore(folder);
    const upload = (id: string) => {
      mkdirSync(join(folder, 'uploads', id), { recursive: true });
      const path = join(folder, 'uploads', id, 'leads.csv');
      writeFileSync(path, 'Name\nBob\n');
      return path;
    };
    const kept = upload('kept');
    const gone = upload('gone');
    upload('orphan');
    const keptJob = store.createJob({ fileName: 'leads.csv', filePath: kept, source });
    const goneJob = store.createJob({ fileName: 'leads.csv', filePath: gone, source });
    store.createJob({ fileName: 'elsewhere.csv', filePath: join(dir, 'elsewhere.csv'), source });
    store.deleteJob(goneJob);
    expect(readdirSync(join(folder, 'uploads')).sort()).toEqual(['kept', 'orphan']);
    expect(
      removeOrphanUploads(
        folder,
        store.listJobs().map((j) => j.filePath),
      ),
    ).toBe(1);
    expect(readdirSync(join(folder, 'uploads'))).toEqual(['kept']);
    expect(store.getJob(keptJob)).toBeDefined();
    store.close();
  });
});
