import { afterEach, describe, expect, it } from 'vitest';
import { parseFaults } from './faults.ts';
import { isLoopbackAddress, type Simulator, startSimulator } from './server.ts';

const API = '/servicemanager/rest/CampaignAPI/';
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const start = async (options: Parameters<typeof startSimulator>[0] = {}) => {
  sim = await startSimulator({ port: 0, apiKey: 'k', minCallMs: 5, perLeadMs: 0, ...options });
  return sim;
};

const insert = async (s: Simulator, body: unknown, opts: { method?: string; query?: string; key?: string } = {}) => {
  const query = opts.query ?? 'fTemplateId=41&fCampaignId=41&fAllocationId=38';
  const response = await fetch(`${s.url}${API}${opts.method ?? 'insertLeads'}?${query}&apiKey=${opts.key ?? 'k'}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: { code: number; message: string } | undefined;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, text, json };
};

const lookup = async (s: Simulator, method: string, query = '', key = 'k') => {
  const response = await fetch(`${s.url}${API}${method}?${query}&apiKey=${key}`);
  return { status: response.status, text: await response.text() };
};

describe('lookups', () => {
  it('lists templates, campaigns of a template and allocations of a campaign', async () => {
    const s = await start();
    expect(JSON.parse((await lookup(s, 'getCampaignTemplateList')).text)).toEqual({
      type: 'CampaignTemplate',
      entities: [{ id: 41, name: 'Sales' }],
      code: 0,
      message: 'OK',
    });
    expect(JSON.parse((await lookup(s, 'getCampaignList', 'fTemplateId=41')).text).entities).toEqual([
      { id: 41, name: 'Jan16a' },
      { id: 42, name: 'Feb16b' },
    ]);
    expect(
      JSON.parse((await lookup(s, 'getAllocationList', 'fCampaignId=41')).text).entities.map((e: { id: number }) => e.id),
    ).toEqual([38, 39]);
    expect(
      JSON.parse((await lookup(s, 'getAllocationList', 'fCampaignId=42')).text).entities.map((e: { id: number }) => e.id),
    ).toEqual([40]);
  });

  it('refuses a wrong key with an HTML 401 and unknown ids with a 400', async () => {
    const s = await start();
    const refused = await lookup(s, 'getCampaignTemplateList', '', 'wrong');
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('<html>');
    const unknown = await lookup(s, 'getCampaignList', 'fTemplateId=99');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).message).toContain('fTemplateId 99');
  });
});

describe('insertLeads', () => {
  it('answers the count line and an error block whose header is not in request order', async () => {
    const s = await start();
    const leads = [
      {
        Name: 'Jane Smith',
        StreetAddress: 'Suite 8/10 Hoddle St',
        City: 'Abbotsford',
        State: 'Vic',
        PostCode: '3064',
        FirstPhone: '0383218199',
      },
      {
        Name: 'Smith, "Bob"',
        StreetAddress: '1 Main St',
        City: 'Yarraville',
        State: 'Vic',
        PostCode: '3000',
        FirstPhone: '0383218199',
      },
      { Name: 'No Phone', StreetAddress: '2 Main St', City: 'Yarraville', State: 'Vic', PostCode: '3000', FirstPhone: '12' },
    ];
    const r = await insert(s, leads);
    expect(r.status).toBe(200);
    expect(r.json?.code).toBe(0);
    const lines = r.json!.message.split('\n');
    expect(lines[0]).toBe('Imported 1 Updated 0 Rejected 2 leads.');
    expect(lines[2]).toBe('Errors (If any):');
    const header = lines[3].trim().split(',');
    expect(header.at(-1)).toBe('');
    expect(header.at(-2)).toBe('Error Reason');
    expect(header.slice(0, -2)).not.toEqual(Object.keys(leads[0]));
    expect(new Set(header.slice(0, -2))).toEqual(new Set(Object.keys(leads[0])));
    expect(lines[4]).toContain('"Smith, ""Bob"""');
    expect(lines[4]).toContain('Duplicate phone number 0383218199');
    expect(lines[5]).toContain('No valid phone number');
    expect(lines.at(-1)).toBe('OK');
    expect(s.state().campaigns['41'].count).toBe(1);
  });

  it('answers the alias insertLeadsFast the same way', async () => {
    const s = await start();
    const r = await insert(s, [{ Name: 'A', FirstPhone: '0412345678' }], { method: 'insertLeadsFast' });
    expect(r.json?.message).toMatch(/^Imported 1 Updated 0 Rejected 0 leads\./);
  });

  it('rejects duplicate phones per campaign unless allowDuplicates=true, and not across campaigns', async () => {
    const s = await start();
    await insert(s, [{ FirstPhone: '0412345678' }]);
    expect((await insert(s, [{ FirstPhone: '0412 345 678' }])).json?.message).toMatch(/Rejected 1/);
    expect(
      (
        await insert(s, [{ FirstPhone: '0412345678' }], {
          query: 'fTemplateId=41&fCampaignId=41&fAllocationId=38&allowDuplicates=true',
        })
      ).json?.message,
    ).toMatch(/Imported 1/);
    expect(
      (await insert(s, [{ FirstPhone: '0412345678' }], { query: 'fTemplateId=41&fCampaignId=42&fAllocationId=40' })).json
        ?.message,
    ).toMatch(/Imported 1/);
    expect(s.state().campaigns['41'].count).toBe(2);
  });

  it('updates the stored lead whose njExternalLeadId matches', async () => {
    const s = await start();
    await insert(s, [{ Name: 'Old', FirstPhone: '0412345678', njExternalLeadId: 'A1' }]);
    const r = await insert(s, [{ Name: 'New', FirstPhone: '0412345678', njExternalLeadId: 'A1' }]);
    expect(r.json?.message).toMatch(/^Imported 0 Updated 1 Rejected 0/);
    expect(s.state().campaigns['41'].leads).toHaveLength(1);
    expect(s.state().campaigns['41'].leads[0].Name).toBe('New');
  });

  it.each([
    [{ FirstPhone: '0412345678', njPriority: '101' }, 'njPriority'],
    [{ FirstPhone: '0412345678', njPriority: 'high' }, 'njPriority'],
    [{ FirstPhone: '0412345678', njCallBackDate: '2026/02/30 10:00' }, 'njCallBackDate'],
    [{ FirstPhone: '0412345678', njCallBackDate: '30/01/2026 10:00' }, 'njCallBackDate'],
    [{ FirstPhone: '0412345678', njContactHours: 'Lunchtime' }, 'Contact Hours'],
    [{ Name: 'no phone field' }, 'No valid phone'],
  ])('rejects %j with a reason naming %s', async (lead, reason) => {
    const s = await start();
    const r = await insert(s, [lead]);
    expect(r.json?.message).toMatch(/Rejected 1/);
    expect(r.json?.message).toContain(reason);
  });

  it('accepts valid system fields and AU/international phone forms', async () => {
    const s = await start();
    const r = await insert(s, [
      { FirstPhone: '0383218199', njPriority: '0', njCallBackDate: '2026/12/01 09:30', njContactHours: 'Business Hours' },
      { MobilePhone: '+442079460958' },
      { Tel: '1300123456' },
      { CellNumber: '131313' },
    ]);
    expect(r.json?.message).toMatch(/^Imported 4 Updated 0 Rejected 0/);
  });

  it('refuses unknown or mismatched ids and a wrong key, storing nothing', async () => {
    const s = await start();
    const lead = [{ FirstPhone: '0412345678' }];
    expect((await insert(s, lead, { query: 'fTemplateId=41&fCampaignId=41&fAllocationId=40' })).status).toBe(400);
    expect((await insert(s, lead, { query: 'fTemplateId=41&fCampaignId=77&fAllocationId=38' })).status).toBe(400);
    expect((await insert(s, lead, { key: 'wrong' })).status).toBe(401);
    expect(s.state().campaigns).toEqual({});
  });

  it('shows allocations past the advised 10,000 leads but still accepts them', async () => {
    const s = await start();
    const leads = Array.from({ length: 10_001 }, (_, i) => ({ FirstPhone: `04${String(i).padStart(8, '0')}` }));
    const r = await insert(s, leads);
    expect(r.json?.message).toMatch(/^Imported 10001/);
    expect(s.state().allocationsOverAdvised).toEqual([38]);
  });
});

describe('insertLeadFast', () => {
  it('takes one lead and answers OK or the lead code', async () => {
    const s = await start();
    expect((await insert(s, { FirstPhone: '0412345678' }, { method: 'insertLeadFast' })).json).toEqual({
      code: 0,
      message: 'OK',
    });
    expect((await insert(s, { FirstPhone: '0412345678' }, { method: 'insertLeadFast' })).json?.code).toBe(105);
    expect((await insert(s, { FirstPhone: '1' }, { method: 'insertLeadFast' })).json?.code).toBe(102);
    expect(
      (await insert(s, { FirstPhone: '0412345679', njContactHours: 'Never' }, { method: 'insertLeadFast' })).json?.code,
    ).toBe(111);
  });
});

describe('limits', () => {
  it('runs at most K inserts at once: 6 one-lead calls at K=2 and 100 ms take at least 300 ms', async () => {
    const s = await start({ concurrency: 2, minCallMs: 100 });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => insert(s, { FirstPhone: `041234567${i}` }, { method: 'insertLeadFast' })),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(s.state().peakConcurrentInserts).toBe(2);
    expect(s.state().campaigns['41'].count).toBe(6);
  });

  it('charges a per-lead cost', async () => {
    const s = await start({ minCallMs: 10, perLeadMs: 1 });
    const started = performance.now();
    await insert(
      s,
      Array.from({ length: 200 }, (_, i) => ({ FirstPhone: `04${String(i).padStart(8, '0')}` })),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('answers 109 to a call that waited in the queue longer than the timeout', async () => {
    const s = await start({ concurrency: 1, minCallMs: 300, queueTimeoutMs: 50 });
    const [first, second] = await Promise.all([
      insert(s, { FirstPhone: '0412345678' }, { method: 'insertLeadFast' }),
      insert(s, { FirstPhone: '0412345679' }, { method: 'insertLeadFast' }),
    ]);
    expect(first.json?.code).toBe(0);
    expect(second.json?.code).toBe(109);
    expect(s.state().counters.queueTimeout).toBe(1);
    expect(s.state().campaigns['41'].count).toBe(1);
  });
});

describe('faults', () => {
  it('parses rates and windows and refuses nonsense', () => {
    expect(parseFaults('error500:0.1,busy:0.2,manual-import:20-50')).toEqual({
      rates: { error500: 0.1, busy: 0.2 },
      windows: [{ kind: 'manual-import', startSec: 20, endSec: 50 }],
    });
    expect(() => parseFaults('melt:0.1')).toThrow(/unknown kind/);
    expect(() => parseFaults('busy:2')).toThrow(/between 0 and 1/);
    expect(() => parseFaults('down:5-1')).toThrow(/start-end/);
  });

  it('error500 answers HTTP 500 code 103 and busy answers 109, storing nothing', async () => {
    const s = await start({ faults: 'error500:1' });
    const r = await insert(s, [{ FirstPhone: '0412345678' }]);
    expect(r.status).toBe(500);
    expect(r.json?.code).toBe(103);
    s.setFaults('busy:1');
    expect((await insert(s, [{ FirstPhone: '0412345678' }])).json?.code).toBe(109);
    expect(s.state().campaigns).toEqual({});
  });

  it('reset stores the batch, then drops the connection before answering', async () => {
    const s = await start({ faults: 'reset:1' });
    await expect(insert(s, [{ FirstPhone: '0412345678' }])).rejects.toThrow();
    expect(s.state().campaigns['41'].count).toBe(1);
    expect(s.state().counters.reset).toBe(1);
  });

  it('stall never answers (until the client gives up) and stores nothing', async () => {
    const s = await start({ faults: 'stall:1' });
    const response = fetch(`${s.url}${API}insertLeads?fTemplateId=41&fCampaignId=41&fAllocationId=38&apiKey=k`, {
      method: 'POST',
      body: '[{"FirstPhone":"0412345678"}]',
      signal: AbortSignal.timeout(300),
    });
    await expect(response).rejects.toThrow();
    expect(s.state().counters.stall).toBe(1);
    expect(s.state().campaigns).toEqual({});
  });

  it('a manual-import window fails every insert with code 103, then inserts work again', async () => {
    const s = await start();
    s.setFaults('manual-import:0-0.3');
    const during = await insert(s, [{ FirstPhone: '0412345678' }]);
    expect(during.json?.code).toBe(103);
    expect(during.json?.message).toMatch(/manual import/);
    await new Promise((r) => setTimeout(r, 350));
    expect((await insert(s, [{ FirstPhone: '0412345678' }])).json?.message).toMatch(/Imported 1/);
  });

  it('a down window refuses connections, then the server comes back on the same port', async () => {
    const s = await start();
    s.setFaults('down:0-0.4');
    await new Promise((r) => setTimeout(r, 60));
    const refused = await fetch(`${s.url}${API}getCampaignTemplateList?apiKey=k`).then(
      () => 'answered',
      (error: { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    await new Promise((r) => setTimeout(r, 450));
    expect((await lookup(s, 'getCampaignTemplateList')).status).toBe(200);
  });

  it('is seeded: the same seed gives the same sequence of faults', async () => {
    const outcomes = async (seed: number) => {
      const s = await startSimulator({ port: 0, apiKey: 'k', minCallMs: 1, perLeadMs: 0, faults: 'busy:0.5', seed });
      const codes: number[] = [];
      for (let i = 0; i < 12; i++)
        codes.push((await insert(s, [{ FirstPhone: `04123456${String(i).padStart(2, '0')}` }])).json!.code);
      await s.close();
      return codes.join(',');
    };
    const a = await outcomes(7);
    expect(await outcomes(7)).toBe(a);
    expect(a).toMatch(/109/);
    expect(a).toMatch(/0/);
  });
});

describe('control endpoints', () => {
  it('serve state and reset on loopback', async () => {
    const s = await start();
    await insert(s, [{ FirstPhone: '0412345678' }]);
    const state = (await (await fetch(`${s.url}/__sim/state`)).json()) as ReturnType<Simulator['state']>;
    expect(state.campaigns['41'].count).toBe(1);
    expect(state.insertRequests).toBe(1);
    await fetch(`${s.url}/__sim/reset`, { method: 'POST' });
    expect(s.state().campaigns).toEqual({});
    await fetch(`${s.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ spec: 'busy:1' }) });
    expect((await insert(s, [{ FirstPhone: '0412345678' }])).json?.code).toBe(109);
  });

  it('recognise only loopback peers', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('192.168.1.5')).toBe(false);
    expect(isLoopbackAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});
