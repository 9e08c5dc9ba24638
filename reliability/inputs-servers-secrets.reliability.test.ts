import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sheetXml, workbookXlsx } from '../electron/core/ingest/xlsx/testing/workbooks.ts';
import { type Simulator, startSimulator } from '../simulator/server.ts';
import {
  FULL,
  filesContaining,
  freshDir,
  KEY,
  lastJson,
  leadsFile,
  ROOT,
  runCli,
  SCALE,
  storedCounts,
  uploadArgs,
} from './harness.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const report: string[] = [];
afterAll(() => console.log(`reliability (${FULL ? 'full' : 'small'} scale):\n  ${report.join('\n  ')}`));

const file = (name: string, content: string | Uint8Array) => {
  const path = join(ROOT, 'corpus', name);
  mkdirSync(join(ROOT, 'corpus'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

function workbook(rows: unknown[][]): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Leads');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' });
}

describe('a corpus of bad files', () => {
  const unreadable: [string, () => string, RegExp][] = [
    ['empty', () => file('empty.csv', ''), /empty\.csv: the file is empty/],
    ['header only', () => file('header-only.csv', 'Name,Phone\r\n'), /no data rows/],
    [
      'binary',
      () => file('random.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))),
      /binary data|not a CSV/,
    ],
    [
      'a PDF renamed .csv',
      () => file('invoice.csv', '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj'),
      /this is a PDF document/,
    ],
    [
      'an unclosed quote',
      () => file('unclosed.csv', `Name,Phone\nA,0412345678\n"B,0412345679\n${'C,0412345670\n'.repeat(50)}`),
      /quote opened in row 3 is never closed/,
    ],
    ['a single 20 MB line', () => file('one-line.csv', 'x'.repeat(20 * 1024 * 1024)), /longer than 512 KB/],
    [
      'duplicate headers (default mapping)',
      () => file('dup-headers.csv', 'Name,Phone,Phone\nA,0412345678,0412345679\n'),
      /columns 2 and 3 are both named "Phone"/,
    ],
    ['NUL bytes', () => file('nul.csv', 'Name,Phone\nA\u0000B,0412345678\n'), /binary data/],
    [
      'a corrupt workbook',
      () => file('corrupt.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(300, 9)])),
      /corrupt\.xlsx: the workbook/,
    ],
    [
      'an encrypted workbook',
      () =>
        file('locked.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)])),
      /locked\.xlsx: the workbook (is password-protected|could not be read)/,
    ],
    ['an unsupported extension', () => file('leads.numbers', 'x'), /"\.numbers" files are not supported/],
    [
      'an .xlsx zip bomb (a sheet declared to unpack to 3 GB)',
      () => file('bomb.xlsx', workbookXlsx([{ name: 'Leads', xml: sheetXml([['Name', 'Phone']]), declaredSize: 3e9 }])),
      /bomb\.xlsx: part "xl\/worksheets\/sheet1\.xml" of the workbook unpacks to more than 2 GiB/,
    ],
    [
      'a truncated .xlsx',
      () =>
        file(
          'cut.xlsx',
          workbook([
            ['Name', 'Phone'],
            ['A', '0412345678'],
          ]).subarray(0, 900),
        ),
      /cut\.xlsx: the workbook could not be read, it is damaged or incomplete/,
    ],
    [
      'an .xlsx whose sheet is not well-formed XML',
      () =>
        file(
          'broken.xlsx',
          workbookXlsx([
            {
              name: 'Leads',
              xml: '<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>Name</v></row></sheetData></worksheet>',
            },
          ]),
        ),
      /broken\.xlsx: the workbook is damaged: sheet "Leads" is not well-formed XML/,
    ],
    [
      'a text file named .xlsx',
      () => file('text.xlsx', 'Name,Phone\nA,0412345678\n'),
      /text\.xlsx: this is not a XLSX workbook \(it is a text file\)/,
    ],
  ];

  it.each(unreadable)(
    '%s: exit 2, one clear line, nothing sent',
    async (_name, make, message) => {
      sim ??= await startSimulator({ port: 0, apiKey: KEY });
      const run = await runCli(uploadArgs(make(), freshDir('corpus'), sim));
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
      expect(sim.state().insertRequests).toBe(0);
    },
    60_000,
  );

  const perRow: [string, () => string][] = [
    [
      'formula cells',
      () => file('formulas.csv', 'Name,Phone\n=HYPERLINK("http://x"),0412345678\n+SUM(A1),0412345679\n@cmd,0412345670\n'),
    ],
    [
      '10,000 columns',
      () =>
        file(
          'wide.csv',
          `${['Name', 'Phone', ...Array.from({ length: 9998 }, (_, i) => `C${i}`)].join(',')}\nA,0412345678${',x'.repeat(9998)}\n`,
        ),
    ],
    [
      '1,000-character fields',
      () => file('long-fields.csv', `Name,Phone,Notes\n${'N'.repeat(1000)},0412345678,${'é'.repeat(1000)}\n`),
    ],
    ['RTL and emoji text', () => file('rtl.csv', 'Name,Phone,Notes\nمحمد علي,0412345678,👋🏽 שלום\n')],
    [
      'a formula cell in a workbook',
      () =>
        file(
          'formula.xlsx',
          workbook([
            ['Name', 'Phone'],
            ['=1+1', '0412345678'],
          ]),
        ),
    ],
  ];
  it.each(perRow)(
    '%s: read, and each row sent or refused with a reason',
    async (_name, make) => {
      sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 1, perLeadMs: 0 });
      const dataDir = freshDir('per-row');
      const run = await runCli(uploadArgs(make(), dataDir, sim, ['--allow-duplicates']));
      expect(run.code, run.stderr).toBeLessThanOrEqual(1);
      const summary = lastJson(run);
      expect(summary.imported + summary.rejected + summary.invalid).toBe(summary.total);
      expect(summary.pending).toBe(0);
    },
    60_000,
  );

  afterAll(() =>
    report.push(
      `bad inputs tried: ${unreadable.length + perRow.length} (${unreadable.length} refused with one line, ${perRow.length} read row by row)`,
    ),
  );
});

/** A stand-in for a misbehaving server or proxy, on loopback. */
async function badServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createHttpServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits };
}

describe('bad servers', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  const upload = (url: string, extra: string[] = []) =>
    runCli(
      uploadArgs(leadsFile(20, 20_000_000, `bad-server-${Math.random()}`), freshDir('bad-server'), { url }, [
        '--give-up-after',
        '0.03',
        ...extra,
      ]),
      {
        NOOJEE_REQUEST_TIMEOUT_MS: '500',
      },
    );

  it.each([
    [
      'an HTML error page from a proxy',
      (res: ServerResponse) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body>Bad Gateway</body></html>'),
    ],
    ['a 200 with a body that is not JSON', (res: ServerResponse) => res.writeHead(200).end('Service temporarily unavailable')],
    [
      'a body cut off in the middle',
      (res: ServerResponse) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' });
        res.write('{"code":0,"message":"Imported 20 Upd');
        res.socket?.destroy();
      },
    ],
    [
      'a slow-loris reply',
      (res: ServerResponse) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(timer));
      },
    ],
  ])(
    '%s: retried, then left unfinished (exit 3) with nothing lost',
    async (_name, respond) => {
      const bad = await badServer((_req, res) => respond(res));
      servers.push(bad.server);
      const run = await upload(bad.url);
      expect(run.code, run.stderr).toBe(3);
      expect(lastJson(run)).toMatchObject({ state: 'incomplete', pending: 20, imported: 0 });
      expect(bad.hits()).toBeGreaterThan(1);
      expect(run.stdout + run.stderr).not.toContain(KEY);
    },
    60_000,
  );

  it('a reply whose counts do not match its error lines: leads marked for review, raw reply kept', async () => {
    const bad = await badServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          code: 0,
          message: 'Imported 18 Updated 0 Rejected 2 leads.\n\nErrors (If any):\n Name,FirstPhone,Error Reason,\nOK',
        }),
      ),
    );
    servers.push(bad.server);
    const run = await upload(bad.url);
    expect(run.code).toBe(1);
    expect(lastJson(run)).toMatchObject({ state: 'done', review: 20 });
  }, 60_000);

  it('a redirect to another host is not followed with the key', async () => {
    const other = await badServer((_req, res) => res.end('{}'));
    servers.push(other.server);
    const redirecting = await badServer((req, res) => res.writeHead(302, { Location: `${other.url}${req.url}` }).end());
    servers.push(redirecting.server);
    const run = await upload(redirecting.url);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/redirect/);
    expect(other.hits()).toBe(0);
  }, 60_000);

  it('a TLS certificate that does not verify is refused with a plain message', async () => {
    const dir = freshDir('tls');
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const { readFileSync } = await import('node:fs');
    let hits = 0;
    const tls = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => {
        hits++;
        res.end('{}');
      },
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    servers.push(tls);
    const port = (tls.address() as AddressInfo).port;
    const run = await upload(`https://localhost:${port}`);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/certificate/);
    expect(hits).toBe(0);
    const lists = await runCli(['lists', 'templates', '--server', `https://localhost:${port}`]);
    expect(lists.stderr).toMatch(/certificate problem/);
    report.push(
      'bad servers: HTML page, non-JSON 200, cut-off body, slow-loris (exit 3, nothing lost); count mismatch (review); redirect and self-signed TLS refused (exit 4, key not sent on)',
    );
  }, 60_000);
});

describe('secrets and load', () => {
  it(`five jobs back to back (${SCALE.loadLeads * SCALE.loadJobs} leads): all delivered, memory and handles flat, key nowhere`, async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;
    const handlesBefore = sockets();
    sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 2, perLeadMs: 0.005 });
    const { createJobService } = await import('../electron/core/jobs/job-service.ts');
    const { openJobStore } = await import('../electron/core/store/job-store.ts');
    const { defaultMapping } = await import('../shared/leads/mapping.ts');
    const dataDir = freshDir('load');
    const store = openJobStore(dataDir);
    const url = sim.url;
    const service = createJobService({
      store,
      resolveTarget: async () => ({
        base: url,
        apiKey: KEY,
        templateId: 41,
        campaignId: 41,
        allocationId: 38,
        allowDuplicates: false,
      }),
      onFinished: () => rss.push(process.memoryUsage().rss),
    });
    const rss: number[] = [];
    for (let j = 0; j < SCALE.loadJobs; j++) {
      const csv = leadsFile(SCALE.loadLeads, 30_000_000 + j * SCALE.loadLeads, `load-${j}`);
      const info = await service.inspect(csv, {});
      const mapping = defaultMapping(info.rawHeaders);
      if (!mapping.ok) throw new Error(mapping.reason);
      const { jobId } = await service.importFile(
        csv,
        {},
        { mapping: mapping.mapping, options: { country: 'AU', dateOrder: 'dmy', allowDuplicates: false, contactHoursNames: [] } },
      );
      service.submit(
        jobId,
        { serverUrl: url, templateId: 41, campaignId: 41, allocationId: 38 },
        { method: 'insertLeads', batchEndpoint: 'insertLeads', batchSize: 500, concurrency: 2, allowDuplicates: false },
      );
    }
    await service.idle();
    // Memory after the last job is about what it was after the first: nothing grows with leads sent.
    expect(rss).toHaveLength(SCALE.loadJobs);
    expect(rss[rss.length - 1]).toBeLessThan(rss[0] * 1.5 + 64 * 1048576);
    const jobs = store.listJobs();
    expect(jobs.map((j) => j.state)).toEqual(Array(SCALE.loadJobs).fill('done'));
    expect(storedCounts(sim, 30_000_000, SCALE.loadLeads * SCALE.loadJobs)).toMatchObject({ missing: 0, duplicated: 0 });
    store.close();
    await sim.close();
    sim = undefined;
    await new Promise((r) => setTimeout(r, 300));
    // Once the server is gone, no socket of the five jobs may be left open.
    const handlesAfter = sockets();
    expect(handlesAfter).toBeLessThanOrEqual(handlesBefore);
    expect(filesContaining(dataDir, KEY)).toEqual([]);
    report.push(
      `load: ${SCALE.loadJobs} jobs, ${SCALE.loadLeads * SCALE.loadJobs} leads, RSS ${Math.round(rss[0] / 1048576)} MB after the first job, ${Math.round(rss[rss.length - 1] / 1048576)} MB after the last, sockets ${handlesBefore} → ${handlesAfter}; secrets leaked: 0`,
    );
  }, 300_000);

  it('the key is in no file the runs wrote (data dirs, reports, logs)', () => {
    expect(filesContaining(ROOT, KEY)).toEqual([]);
  });
});
