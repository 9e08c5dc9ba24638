import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLeads } from '../testing/store-fixtures.ts';
import { type LeadWrite, openJobStore, reasonGroupOf } from './job-store.ts';
import { encodeLeadBatch } from './lead-batch.ts';
import { migrate, SCHEMA_VERSION } from './schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = { kind: 'csv' as const, headerRow: 1, headers: ['Name', 'Phone'], rawHeaders: ['Name', 'Phone'] };
const lead = (seq: number, over: Partial<LeadWrite> = {}): LeadWrite => ({
  seq,
  rowNumber: seq + 2,
  cells: [`Name ${seq}`, `04123456${String(seq).padStart(2, '0')}`],
  payload: { Name: `Name ${seq}`, Phone: `04123456${String(seq).padStart(2, '0')}` },
  status: 'ready',
  ...over,
  // An invalid lead has nothing to send.
  ...(over.status === 'invalid' ? { payload: undefined } : {}),
});

describe('schema migrations', () => {
  it('opens a version 1 database, migrates it to the current version and keeps its jobs', () => {
    const folder = join(dir, 'old');
    const store0 = openJobStore(folder);
    store0.close();
    rmSync(join(folder, 'jobs.sqlite'));
    // Build the database exactly as the first release left it: version 1 only, with a job in it.
    const db = new DatabaseSync(join(folder, 'jobs.sqlite'));
    expect(migrate(db, 1)).toBe(1);
    db.prepare(
      "INSERT INTO jobs (created_at, updated_at, state, file_name, file_path, source_json, counts_json) VALUES ('t','t','done','a.csv','/x/a.csv',?,?)",
    ).run(JSON.stringify(source), JSON.stringify({ total: 3 }));
    const columnsBefore = db.prepare('PRAGMA table_info(jobs)').all() as { name: string }[];
    expect(columnsBefore.map((c) => c.name)).not.toContain('fingerprint');
    db.close();

    const store = openJobStore(folder);
    const version = (store.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    expect(version).toBe(SCHEMA_VERSION);
    expect(store.listJobs()).toEqual([expect.objectContaining({ fileName: 'a.csv', state: 'done', fingerprint: undefined })]);
    const fingerprint = { size: 10, mtimeMs: 1, headSha256: 'ab' };
    const id = store.createJob({ fileName: 'b.csv', filePath: '/x/b.csv', source, fingerprint });
    expect(store.findJobsByFingerprint(fingerprint).map((j) => j.id)).toEqual([id]);
    store.close();
  });

  it('refuses a database written by a newer version instead of damaging it', () => {
    const folder = join(dir, 'newer');
    openJobStore(folder).close();
    const db = new DatabaseSync(join(folder, 'jobs.sqlite'));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openJobStore(folder)).toThrow(/newer version of this app/);
  });
});

describe('the job store', () => {
  it('records an attempt before sending and settles it after, in transactions', () => {
    const store = openJobStore(join(dir, 'attempts'));
    const jobId = store.createJob({ fileName: 'a.csv', filePath: '/a.csv', source });
    writeLeads(
      store,
      jobId,
      [0, 1, 2, 3].map((seq) => lead(seq)),
    );
    const batch = store.nextReady(jobId, -1, 3);
    expect(batch.map((l) => l.seq)).toEqual([0, 1, 2]);
    const attemptId = store.beginAttempt(
      jobId,
      batch.map((l) => l.seq),
    )?.id as number;
    expect(store.countByStatus(jobId)).toMatchObject({ total: 4, ready: 1, sending: 3 });
    store.settleAttempt(
      jobId,
      attemptId,
      'answered',
      'Imported 2 Updated 0 Rejected 1 leads.',
      [
        { seq: 0, status: 'imported' },
        { seq: 1, status: 'rejected', reason: 'Duplicate phone number 0412345601' },
        { seq: 2, status: 'imported' },
      ],
      store.countByStatus(jobId),
    );
    expect(store.countByStatus(jobId)).toMatchObject({ imported: 2, rejected: 1, ready: 1, sending: 0 });
    expect(store.attempts(jobId)).toEqual([
      { id: attemptId, outcome: 'answered', reply: 'Imported 2 Updated 0 Rejected 1 leads.', leadSeqs: [0, 1, 2] },
    ]);
    expect(store.reasonGroups(jobId)).toEqual([{ stage: 'server', reason: 'Duplicate phone number', count: 1 }]);
    store.close();
  });

  it('after a crash, leads of an unsettled attempt go back to ready, marked uncertain', () => {
    const folder = join(dir, 'crash');
    const first = openJobStore(folder);
    const jobId = first.createJob({ fileName: 'a.csv', filePath: '/a.csv', source });
    writeLeads(
      first,
      jobId,
      [0, 1, 2].map((seq) => lead(seq)),
    );
    first.beginAttempt(jobId, [0, 1]);
    // The process dies here: the attempt was recorded, its reply never arrived.
    first.close();

    const second = openJobStore(folder);
    expect(second.countByStatus(jobId)).toMatchObject({ sending: 2, ready: 1 });
    expect(second.recoverInterrupted(jobId)).toBe(2);
    const ready = second.nextReady(jobId, -1, 10);
    expect(ready.map((l) => [l.seq, l.uncertain, l.attempts])).toEqual([
      [0, true, 1],
      [1, true, 1],
      [2, false, 0],
    ]);
    expect(second.attempts(jobId)[0].outcome).toBe('interrupted');
    second.close();
  });

  it('settles only leads that still belong to the attempt', () => {
    const store = openJobStore(join(dir, 'stale'));
    const jobId = store.createJob({ fileName: 'a.csv', filePath: '/a.csv', source });
    writeLeads(store, jobId, [lead(0)]);
    const stale = store.beginAttempt(jobId, [0])?.id as number;
    store.recoverInterrupted(jobId);
    const fresh = store.beginAttempt(jobId, [0])?.id as number;
    store.settleAttempt(
      jobId,
      stale,
      'late',
      undefined,
      [{ seq: 0, status: 'rejected', reason: 'x' }],
      store.countByStatus(jobId),
    );
    expect(store.countByStatus(jobId)).toMatchObject({ sending: 1, rejected: 0 });
    store.settleAttempt(jobId, fresh, 'answered', undefined, [{ seq: 0, status: 'imported' }], store.countByStatus(jobId));
    expect(store.countByStatus(jobId)).toMatchObject({ imported: 1 });
    store.close();
  });

  it('pages rows by range and by filter, and keeps jobs apart', () => {
    const store = openJobStore(join(dir, 'rows'));
    const a = store.createJob({ fileName: 'a.csv', filePath: '/a.csv', source });
    const b = store.createJob({ fileName: 'b.csv', filePath: '/b.csv', source });
    const issue = { field: 'Phone', column: 'Phone', severity: 'error' as const, message: 'phone 12 is too short' };
    const warn = { field: 'Name', column: 'Name', severity: 'warning' as const, message: 'name looks odd' };
    writeLeads(
      store,
      a,
      Array.from({ length: 25 }, (_, seq) =>
        lead(
          seq,
          seq % 5 === 0 ? { status: 'invalid', issues: [issue], reason: issue.message } : seq % 7 === 0 ? { issues: [warn] } : {},
        ),
      ),
    );
    writeLeads(store, b, [lead(0)]);
    const page = store.rows(a, 10, 5, 'all');
    expect(page.total).toBe(25);
    expect(page.rows.map((r) => r.rowNumber)).toEqual([12, 13, 14, 15, 16]);
    const invalid = store.rows(a, 1, 2, 'invalid');
    expect(invalid.total).toBe(5);
    expect(invalid.rows.map((r) => r.seq)).toEqual([5, 10]);
    expect(invalid.rows[0].issues).toEqual([issue]);
    expect(store.rows(a, 0, 50, 'warnings').rows.map((r) => r.seq)).toEqual([7, 14, 21]);
    expect(store.rows(a, 0, 50, 'valid').total).toBe(20);
    expect(store.rows(a, 0, 50, 'invalid', reasonGroupOf(issue.message)).total).toBe(5);
    expect(store.countByStatus(a)).toMatchObject({ total: 25, invalid: 5, ready: 20, warnings: 3 });
    expect(store.countByStatus(b)).toMatchObject({ total: 1, ready: 1 });
    expect(store.leadByRow(a, 7)?.seq).toBe(5);
    store.deleteJob(a);
    expect(store.countByStatus(a).total).toBe(0);
    expect(store.countByStatus(b).total).toBe(1);
    store.close();
  });

  it('writes runs of leads with more to store, and leads between them, each to its own row', () => {
    const store = openJobStore(join(dir, 'runs'));
    const job = store.createJob({ fileName: 'a.xlsx', filePath: '/a.xlsx', source });
    const warn = { field: 'Phone', column: 'Phone', severity: 'warning' as const, message: 'leading zero restored' };
    const plainLead = (seq: number): LeadWrite => ({
      seq,
      rowNumber: seq + 2,
      cells: [`Name ${seq}`, '0412345678'],
      status: 'ready',
    });
    // A run of 100 (three full statements of 32 and four alone), plain leads, then every other one.
    const leads = Array.from({ length: 150 }, (_, seq) =>
      seq < 100 || (seq >= 110 && seq % 2 === 0) ? { ...plainLead(seq), raw: [undefined, seq], issues: [warn] } : plainLead(seq),
    );
    writeLeads(store, job, leads);
    const rows = store.rows(job, 0, 200, 'all').rows;
    expect(rows.map((r) => r.seq)).toEqual(leads.map((l) => l.seq));
    for (const [i, row] of rows.entries()) {
      expect(row.cells).toEqual(leads[i].cells);
      expect(row.rowNumber).toBe(leads[i].rowNumber);
      expect(row.issues ?? []).toEqual(leads[i].issues ?? []);
    }
    expect(store.countByStatus(job)).toMatchObject({ total: 150, ready: 150, warnings: 120 });
    store.close();
  });

  it('commits without waiting for the disk only inside unsynced, even when it fails', () => {
    const store = openJobStore(join(dir, 'unsynced'));
    const job = store.createJob({ fileName: 'a.csv', filePath: '/a.csv', source });
    const executed: string[] = [];
    const exec = store.db.exec.bind(store.db);
    store.db.exec = (sql: string) => {
      executed.push(sql);
      exec(sql);
    };
    const synchronous = () => (store.db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous;
    store.unsynced(() => store.insertBatch(job, encodeLeadBatch([lead(0), lead(1)])));
    expect(executed).toEqual(['PRAGMA synchronous = NORMAL', 'BEGIN IMMEDIATE', 'COMMIT', 'PRAGMA synchronous = FULL']);
    // Every other commit (a sending job's attempts) waits for the disk again, even after a failed write.
    expect(synchronous()).toBe(2);
    expect(() => store.unsynced(() => store.insertBatch(job, encodeLeadBatch([lead(2), lead(2)])))).toThrow(/UNIQUE/);
    expect(synchronous()).toBe(2);
    expect(store.countByStatus(job).total).toBe(2);
    executed.length = 0;
    writeLeads(store, job, [lead(3)]);
    expect(executed).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    store.close();
  });

  it('keeps a ledger of sent values per server and campaign', () => {
    const store = openJobStore(join(dir, 'ledger'));
    store.ledgerAdd('http://127.0.0.1:1', 41, ['h1', 'h2', 'h1']);
    expect(store.ledger('http://127.0.0.1:1', 41).get('h1')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(store.ledger('http://127.0.0.1:1', 42).has('h1')).toBe(false);
    expect(store.ledger('http://127.0.0.1:1', 41).size).toBe(2);
    store.close();
  });

  it('groups reasons that differ only by the value they quote', () => {
    expect(reasonGroupOf('Duplicate phone number 0383218199')).toBe(reasonGroupOf('Duplicate phone number 0412 345 678'));
    expect(reasonGroupOf('Name "Bob" is too long')).toBe('Name is too long');
  });
});
