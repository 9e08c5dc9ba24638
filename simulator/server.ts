/**
 * A stand-in Campaigner server (docs/simulator.md): lookups, the insert endpoints, the server's
 * concurrency limit and queue, its lead rules, and seeded faults. Plain node:http, no framework.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createFaultClock, type FaultClock, parseFaults } from './faults.ts';
import { checkLead, csvField, headerOrder, type Lead } from './rules.ts';

export interface SimulatorOptions {
  port: number;
  host: string;
  apiKey: string;
  concurrency: number;
  minCallMs: number;
  perLeadMs: number;
  queueTimeoutMs: number;
  faults: string;
  seed: number;
  stateFile?: string;
  contactHours: string[];
}

export const DEFAULT_OPTIONS: SimulatorOptions = {
  port: 8089,
  host: '127.0.0.1',
  apiKey: 'demo-key',
  concurrency: 2,
  minCallMs: 100,
  perLeadMs: 0.2,
  queueTimeoutMs: 60_000,
  faults: '',
  seed: 1,
  contactHours: ['Business Hours', 'After Hours', 'Weekends'],
};

const TEMPLATES = [{ id: 41, name: 'Sales' }];
const CAMPAIGNS = [
  { id: 41, name: 'Jan16a', templateId: 41 },
  { id: 42, name: 'Feb16b', templateId: 41 },
];
const ALLOCATIONS = [
  { id: 38, name: 'Jan16a-1', campaignId: 41 },
  { id: 39, name: 'Jan16a-2', campaignId: 41 },
  { id: 40, name: 'Feb16b-1', campaignId: 42 },
];
export const ALLOCATION_ADVISED_MAX = 10_000;
const API = '/servicemanager/rest/CampaignAPI/';

interface StoredLead {
  fields: Lead;
  allocationId: number;
  updates: number;
}

interface CampaignStore {
  leads: StoredLead[];
  byPhone: Map<string, number>;
  byExternalId: Map<string, number>;
}

export interface SimulatorState {
  campaigns: Record<string, { leads: (Lead & { __allocationId: string })[]; count: number }>;
  allocations: Record<string, number>;
  allocationsOverAdvised: number[];
  counters: Record<string, number>;
  peakConcurrentInserts: number;
  insertRequests: number;
}

export interface Simulator {
  url: string;
  port: number;
  state(): SimulatorState;
  reset(): void;
  setFaults(spec: string): void;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown; html?: boolean };

export async function startSimulator(partial: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const options: SimulatorOptions = { ...DEFAULT_OPTIONS, ...partial };
  const contactHours = new Set(options.contactHours);
  let campaigns = new Map<number, CampaignStore>();
  let allocationCounts = new Map<number, number>();
  let counters: Record<string, number> = {};
  let peak = 0;
  let insertRequests = 0;
  let faults: FaultClock = createFaultClock(parseFaults(options.faults), options.seed, Date.now());
  const count = (name: string, n = 1) => {
    counters[name] = (counters[name] ?? 0) + n;
  };

  const campaignStore = (id: number): CampaignStore => {
    let store = campaigns.get(id);
    if (!store) {
      store = { leads: [], byPhone: new Map(), byExternalId: new Map() };
      campaigns.set(id, store);
    }
    return store;
  };

  if (options.stateFile) loadState(options.stateFile);

  // ---- the server's insert slots: at most K at once, FIFO queue with a timeout ----
  let running = 0;
  const queue: { grant: () => void; timer: NodeJS.Timeout }[] = [];
  const acquire = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (running < options.concurrency) {
        running++;
        peak = Math.max(peak, running);
        resolve(true);
        return;
      }
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          running++;
          peak = Math.max(peak, running);
          resolve(true);
        },
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(entry), 1);
          resolve(false);
        }, options.queueTimeoutMs),
      };
      queue.push(entry);
    });
  const release = () => {
    running--;
    queue.shift()?.grant();
  };

  // ---- lead storage ----
  type Outcome = { kind: 'imported' | 'updated' } | { kind: 'rejected'; code: number; reason: string };
  const storeLead = (
    raw: unknown,
    campaignId: number,
    allocationId: number,
    allowDuplicates: boolean,
    seenInCall: Set<string>,
  ): Outcome => {
    const check = checkLead(raw, contactHours);
    if (!check.ok) return { kind: 'rejected', code: check.code, reason: check.reason };
    const lead = raw as Lead;
    const store = campaignStore(campaignId);
    const externalId = lead.njExternalLeadId;
    if (externalId !== undefined && externalId !== '') {
      if (seenInCall.has(`x:${externalId}`))
        return { kind: 'rejected', code: 112, reason: `Duplicate external id ${externalId}` };
      seenInCall.add(`x:${externalId}`);
      const existing = store.byExternalId.get(externalId);
      if (existing !== undefined) {
        const stored = store.leads[existing];
        stored.fields = { ...stored.fields, ...lead };
        stored.updates++;
        return { kind: 'updated' };
      }
    }
    if (!allowDuplicates) {
      for (const phone of check.phones) {
        if (store.byPhone.has(phone) || seenInCall.has(`p:${phone}`)) {
          return { kind: 'rejected', code: 105, reason: `Duplicate phone number ${phone}` };
        }
      }
    }
    const index = store.leads.push({ fields: { ...lead }, allocationId, updates: 0 }) - 1;
    for (const phone of check.phones) {
      seenInCall.add(`p:${phone}`);
      if (!store.byPhone.has(phone)) store.byPhone.set(phone, index);
    }
    if (externalId) store.byExternalId.set(externalId, index);
    allocationCounts.set(allocationId, (allocationCounts.get(allocationId) ?? 0) + 1);
    return { kind: 'imported' };
  };

  // ---- request handling ----
  const sockets = new Set<Socket>();
  const stalled = new Set<ServerResponse>();

  const reply = (res: ServerResponse, r: Reply) => {
    if (res.destroyed) return;
    const text = r.html ? String(r.body) : JSON.stringify(r.body);
    res.writeHead(r.status, { 'Content-Type': r.html ? 'text/html; charset=utf-8' : 'application/json' });
    res.end(text);
  };

  const refusedKey: Reply = {
    status: 401,
    html: true,
    body: '<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1><p>Invalid api key or IP address not permitted.</p></body></html>',
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname.startsWith('/__sim/')) return handleControl(req, res, url);
    if (!url.pathname.startsWith(API))
      return reply(res, { status: 404, html: true, body: '<html><body>Not Found</body></html>' });
    const method = url.pathname.slice(API.length);
    count(`calls.${method}`);
    if (url.searchParams.get('apiKey') !== options.apiKey) {
      count('refusedKey');
      return reply(res, refusedKey);
    }
    const q = (name: string) => url.searchParams.get(name);
    switch (method) {
      case 'getCampaignTemplateList':
        return reply(res, { status: 200, body: { type: 'CampaignTemplate', entities: TEMPLATES, code: 0, message: 'OK' } });
      case 'getCampaignList': {
        const templateId = Number(q('fTemplateId'));
        if (!TEMPLATES.some((t) => t.id === templateId)) return unknownId(res, 'fTemplateId', q('fTemplateId'));
        const entities = CAMPAIGNS.filter((c) => c.templateId === templateId).map(({ id, name }) => ({ id, name }));
        return reply(res, { status: 200, body: { type: 'Campaign', entities, code: 0, message: 'OK' } });
      }
      case 'getAllocationList': {
        const campaignId = Number(q('fCampaignId'));
        if (!CAMPAIGNS.some((c) => c.id === campaignId)) return unknownId(res, 'fCampaignId', q('fCampaignId'));
        const entities = ALLOCATIONS.filter((a) => a.campaignId === campaignId).map(({ id, name }) => ({ id, name }));
        return reply(res, { status: 200, body: { type: 'Allocation', entities, code: 0, message: 'OK' } });
      }
      case 'insertLeads':
      case 'insertLeadsFast':
      case 'insertLeadFast':
        if (req.method !== 'POST') return reply(res, { status: 405, body: { code: 103, message: 'POST required' } });
        return handleInsert(req, res, method, q);
      default:
        return reply(res, { status: 404, html: true, body: `<html><body>No such method ${method}</body></html>` });
    }
  }

  function unknownId(res: ServerResponse, name: string, value: string | null) {
    count('unknownId');
    return reply(res, { status: 400, body: { code: 100, message: `Invalid ${name} ${value ?? '(missing)'}` } });
  }

  async function handleInsert(req: IncomingMessage, res: ServerResponse, method: string, q: (n: string) => string | null) {
    insertRequests++;
    const text = await readBody(req);
    const templateId = Number(q('fTemplateId'));
    const campaignId = Number(q('fCampaignId'));
    const allocationId = Number(q('fAllocationId'));
    if (!TEMPLATES.some((t) => t.id === templateId)) return unknownId(res, 'fTemplateId', q('fTemplateId'));
    const campaign = CAMPAIGNS.find((c) => c.id === campaignId && c.templateId === templateId);
    if (!campaign) return unknownId(res, 'fCampaignId', q('fCampaignId'));
    if (!ALLOCATIONS.some((a) => a.id === allocationId && a.campaignId === campaignId)) {
      return unknownId(res, 'fAllocationId', q('fAllocationId'));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      count('badJson');
      return reply(res, { status: 400, body: { code: 103, message: 'Invalid JSON body' } });
    }
    const batch = method !== 'insertLeadFast';
    if (batch && !Array.isArray(body))
      return reply(res, { status: 400, body: { code: 103, message: 'Expected a JSON array of leads' } });
    if (!batch && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      return reply(res, { status: 400, body: { code: 103, message: 'Expected one lead object' } });
    }
    const leads = batch ? (body as unknown[]) : [body];

    if (faults.inWindow('manual-import')) {
      count('manualImport');
      return reply(res, {
        status: 500,
        body: { code: 103, message: 'Exception: a manual import is running, please try again later' },
      });
    }
    const fault = faults.draw();
    if (fault === 'stall') {
      count('stall');
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
    }
    if (fault === 'error500') {
      count('error500');
      return reply(res, { status: 500, body: { code: 103, message: 'Exception: java.lang.NullPointerException' } });
    }
    if (fault === 'busy') {
      count('busy');
      return reply(res, { status: 500, body: { code: 109, message: 'Timeout: too many concurrent requests' } });
    }

    if (!(await acquire())) {
      count('queueTimeout');
      return reply(res, {
        status: 500,
        body: { code: 109, message: 'Timeout waiting for an insert slot: too many concurrent requests' },
      });
    }
    try {
      await sleep(options.minCallMs + options.perLeadMs * leads.length);
      const allowDuplicates = q('allowDuplicates') === 'true';
      const seen = new Set<string>();
      const outcomes = leads.map((lead) => storeLead(lead, campaignId, allocationId, allowDuplicates, seen));
      const imported = outcomes.filter((o) => o.kind === 'imported').length;
      const updated = outcomes.filter((o) => o.kind === 'updated').length;
      count('leads.imported', imported);
      count('leads.updated', updated);
      count('leads.rejected', outcomes.length - imported - updated);
      if (fault === 'reset') {
        count('reset');
        res.socket?.destroy();
        return;
      }
      count('ok');
      if (!batch) {
        const o = outcomes[0];
        if (o.kind === 'rejected') return reply(res, { status: 200, body: { code: o.code, message: o.reason } });
        return reply(res, { status: 200, body: { code: 0, message: o.kind === 'updated' ? 'OK Updated' : 'OK' } });
      }
      return reply(res, { status: 200, body: { code: 0, message: batchMessage(leads as Lead[], outcomes) } });
    } finally {
      release();
    }
  }

  function batchMessage(leads: Lead[], outcomes: Outcome[]): string {
    const imported = outcomes.filter((o) => o.kind === 'imported').length;
    const updated = outcomes.filter((o) => o.kind === 'updated').length;
    const rejected = outcomes.length - imported - updated;
    const fields = headerOrder(leads.flatMap((l) => (typeof l === 'object' && l ? Object.keys(l) : [])));
    const lines = leads.flatMap((lead, i) => {
      const o = outcomes[i];
      if (o.kind !== 'rejected') return [];
      const values = fields.map((f) => csvField(typeof lead === 'object' && lead && typeof lead[f] === 'string' ? lead[f] : ''));
      return [`${[...values, csvField(o.reason)].join(',')},`];
    });
    const header = `${[...fields, 'Error Reason'].join(',')},`;
    return `Imported ${imported} Updated ${updated} Rejected ${rejected} leads.\n\nErrors (If any):\n ${header}\n${lines.map((l) => `${l}\n`).join('')}OK`;
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return reply(res, { status: 403, body: { message: 'loopback only' } });
    if (url.pathname === '/__sim/state' && req.method === 'GET') return reply(res, { status: 200, body: state() });
    if (url.pathname === '/__sim/reset' && req.method === 'POST') {
      reset();
      return reply(res, { status: 200, body: { ok: true } });
    }
    if (url.pathname === '/__sim/faults' && req.method === 'POST') {
      try {
        setFaults(String(JSON.parse(await readBody(req)).spec ?? ''));
        return reply(res, { status: 200, body: { ok: true } });
      } catch (error) {
        return reply(res, { status: 400, body: { message: (error as Error).message } });
      }
    }
    return reply(res, { status: 404, body: { message: 'unknown control endpoint' } });
  }

  function state(): SimulatorState {
    const out: SimulatorState['campaigns'] = {};
    for (const [id, store] of campaigns) {
      out[id] = {
        count: store.leads.length,
        leads: store.leads.map((l) => ({ ...l.fields, __allocationId: String(l.allocationId) })),
      };
    }
    const allocations = Object.fromEntries([...allocationCounts].map(([id, n]) => [String(id), n]));
    return {
      campaigns: out,
      allocations,
      allocationsOverAdvised: [...allocationCounts].filter(([, n]) => n > ALLOCATION_ADVISED_MAX).map(([id]) => id),
      counters: { ...counters },
      peakConcurrentInserts: peak,
      insertRequests,
    };
  }

  function reset() {
    campaigns = new Map();
    allocationCounts = new Map();
    counters = {};
    peak = running;
    insertRequests = 0;
  }

  function setFaults(spec: string) {
    faults = createFaultClock(parseFaults(spec), options.seed, Date.now());
  }

  function loadState(file: string) {
    let saved: { campaigns: Record<string, { leads: (Lead & { __allocationId: string })[] }> };
    try {
      saved = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return;
    }
    for (const [id, c] of Object.entries(saved.campaigns ?? {})) {
      for (const { __allocationId, ...fields } of c.leads) {
        storeLead(fields, Number(id), Number(__allocationId), true, new Set());
      }
    }
  }

  // ---- the listener, which goes away during a `down` window so that connections are refused ----
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => reply(res, { status: 500, body: { code: 103, message: String(error) } }));
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(options.port);
  const port = (server.address() as AddressInfo).port;
  let listening = true;
  let closing = false;
  const downWatch = setInterval(async () => {
    const down = faults.inWindow('down');
    if (down && listening) {
      listening = false;
      count('down');
      server.close();
      for (const s of sockets) s.destroy();
    } else if (!down && !listening && !closing) {
      listening = true;
      await listen(port).catch(() => {
        listening = false;
      });
    }
  }, 20);
  downWatch.unref();

  function listen(p: number) {
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    reset,
    setFaults,
    async close() {
      closing = true;
      clearInterval(downWatch);
      for (const entry of queue.splice(0)) clearTimeout(entry.timer);
      for (const res of stalled) res.destroy();
      if (options.stateFile) writeFileSync(options.stateFile, JSON.stringify(state()));
      for (const s of sockets) s.destroy();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
