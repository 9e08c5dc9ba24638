/**
 * A stand-in Campaigner server (docs/simulator.md): lookups, the insert endpoints, the server's
 * concurrency limit and queue, its lead rules, and seeded faults. Plain node:http, no framework.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createFaultClock, type FaultClock, parseFaults } from './faults.ts';
import { checkLead, csvField, headerOrder, type Lead, type LeadCheck, validPhones } from './rules.ts';

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
  /** Flat counters: outcomes (ok, busy, error500, reset, stall, manualImport, down, refusedKey, ...) and lead totals. */
  counters: Record<string, number>;
  /** The same outcomes split by API method: `{ insertLeads: { ok: 3, busy: 1 } }`. */
  callsByMethod: Record<string, Record<string, number>>;
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
type SlotGrant = 'granted' | 'timeout' | 'dropped';

export async function startSimulator(partial: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const options: SimulatorOptions = { ...DEFAULT_OPTIONS, ...partial };
  checkOptions(options);
  const contactHours = new Set(options.contactHours);
  let campaigns = new Map<number, CampaignStore>();
  let allocationCounts = new Map<number, number>();
  let counters: Record<string, number> = {};
  let callsByMethod: Record<string, Record<string, number>> = {};
  let peak = 0;
  let insertRequests = 0;
  let faultSpec = options.faults;
  let faults: FaultClock = createFaultClock(parseFaults(faultSpec), options.seed, Date.now());
  const count = (name: string, n = 1) => {
    counters[name] = (counters[name] ?? 0) + n;
  };
  /** One outcome of one call: counted overall and under its method. */
  const outcome = (method: string, name: string) => {
    // The flat `ok` means an insert call that was answered; lookups that succeed show only per method.
    if (name !== 'ok' || INSERT_METHODS.has(method)) count(name);
    const perMethod = callsByMethod[method] ?? {};
    callsByMethod[method] = perMethod;
    perMethod[name] = (perMethod[name] ?? 0) + 1;
  };

  const campaignStore = (id: number): CampaignStore => {
    let store = campaigns.get(id);
    if (!store) {
      store = { leads: [], byPhone: new Map(), byExternalId: new Map() };
      campaigns.set(id, store);
    }
    return store;
  };

  // ---- the server's insert slots: at most K at once, FIFO queue with a timeout ----
  let running = 0;
  const queue: { grant: () => void; drop: () => void; timer: NodeJS.Timeout }[] = [];
  const acquire = (): Promise<SlotGrant> =>
    new Promise((resolve) => {
      if (running < options.concurrency) {
        running++;
        peak = Math.max(peak, running);
        resolve('granted');
        return;
      }
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          running++;
          peak = Math.max(peak, running);
          resolve('granted');
        },
        drop: () => {
          clearTimeout(entry.timer);
          resolve('dropped');
        },
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(entry), 1);
          resolve('timeout');
        }, options.queueTimeoutMs),
      };
      queue.push(entry);
    });
  const release = () => {
    running--;
    queue.shift()?.grant();
  };
  /** A server that goes away forgets the calls it had not finished: nothing of theirs is stored. */
  const dropQueue = () => {
    for (const entry of queue.splice(0)) entry.drop();
  };
  // Bumped whenever the server goes down or closes; a call that started under an older one is dropped.
  let lifetime = 0;

  // ---- lead storage ----
  type Outcome = { kind: 'imported' | 'updated' } | { kind: 'rejected'; code: number; reason: string };
  /** Applies the rules that depend on what is stored; `check` holds those that do not (see checkLead). */
  const storeLead = (
    raw: unknown,
    check: LeadCheck,
    campaignId: number,
    allocationId: number,
    allowDuplicates: boolean,
    seenInCall: Set<string>,
  ): Outcome => {
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
        // The updated lead's new numbers count for later duplicate checks, as a fresh lead's would.
        indexPhones(store, check.phones, existing, seenInCall);
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
    putLead(store, { ...lead }, allocationId, check.phones, seenInCall);
    return { kind: 'imported' };
  };

  const indexPhones = (store: CampaignStore, phones: string[], index: number, seenInCall: Set<string>) => {
    for (const phone of phones) {
      seenInCall.add(`p:${phone}`);
      if (!store.byPhone.has(phone)) store.byPhone.set(phone, index);
    }
  };

  /** Stores a lead that passed the rules (or was stored before a restart) and indexes it. */
  const putLead = (store: CampaignStore, fields: Lead, allocationId: number, phones: string[], seenInCall: Set<string>) => {
    const index = store.leads.push({ fields, allocationId, updates: 0 }) - 1;
    indexPhones(store, phones, index, seenInCall);
    if (fields.njExternalLeadId) store.byExternalId.set(fields.njExternalLeadId, index);
    allocationCounts.set(allocationId, (allocationCounts.get(allocationId) ?? 0) + 1);
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
    if (INSERT_METHODS.has(method)) insertRequests++;
    if (url.searchParams.get('apiKey') !== options.apiKey) {
      outcome(method, 'refusedKey');
      return reply(res, refusedKey);
    }
    const q = (name: string) => url.searchParams.get(name);
    switch (method) {
      case 'getCampaignTemplateList':
        outcome(method, 'ok');
        return reply(res, { status: 200, body: { type: 'CampaignTemplate', entities: TEMPLATES, code: 0, message: 'OK' } });
      case 'getCampaignList': {
        const templateId = Number(q('fTemplateId'));
        if (!TEMPLATES.some((t) => t.id === templateId)) return unknownId(res, method, 'fTemplateId', q('fTemplateId'));
        const entities = CAMPAIGNS.filter((c) => c.templateId === templateId).map(({ id, name }) => ({ id, name }));
        outcome(method, 'ok');
        return reply(res, { status: 200, body: { type: 'Campaign', entities, code: 0, message: 'OK' } });
      }
      case 'getAllocationList': {
        const campaignId = Number(q('fCampaignId'));
        if (!CAMPAIGNS.some((c) => c.id === campaignId)) return unknownId(res, method, 'fCampaignId', q('fCampaignId'));
        const entities = ALLOCATIONS.filter((a) => a.campaignId === campaignId).map(({ id, name }) => ({ id, name }));
        outcome(method, 'ok');
        return reply(res, { status: 200, body: { type: 'Allocation', entities, code: 0, message: 'OK' } });
      }
      case 'insertLeads':
      case 'insertLeadsFast':
      case 'insertLeadFast':
        if (req.method !== 'POST') {
          outcome(method, 'badRequest');
          return reply(res, { status: 405, body: { code: 103, message: 'POST required' } });
        }
        return handleInsert(req, res, method, q);
      default:
        count('unknownMethod');
        return reply(res, { status: 404, html: true, body: `<html><body>No such method ${method}</body></html>` });
    }
  }

  function unknownId(res: ServerResponse, method: string, name: string, value: string | null) {
    outcome(method, 'unknownId');
    return reply(res, { status: 400, body: { code: 100, message: `Invalid ${name} ${value ?? '(missing)'}` } });
  }

  async function handleInsert(req: IncomingMessage, res: ServerResponse, method: string, q: (n: string) => string | null) {
    const text = await readBody(req);
    const templateId = Number(q('fTemplateId'));
    const campaignId = Number(q('fCampaignId'));
    const allocationId = Number(q('fAllocationId'));
    if (!TEMPLATES.some((t) => t.id === templateId)) return unknownId(res, method, 'fTemplateId', q('fTemplateId'));
    const campaign = CAMPAIGNS.find((c) => c.id === campaignId && c.templateId === templateId);
    if (!campaign) return unknownId(res, method, 'fCampaignId', q('fCampaignId'));
    if (!ALLOCATIONS.some((a) => a.id === allocationId && a.campaignId === campaignId)) {
      return unknownId(res, method, 'fAllocationId', q('fAllocationId'));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      outcome(method, 'badRequest');
      return reply(res, { status: 400, body: { code: 103, message: 'Invalid JSON body' } });
    }
    const batch = method !== 'insertLeadFast';
    if (batch && !Array.isArray(body)) {
      outcome(method, 'badRequest');
      return reply(res, { status: 400, body: { code: 103, message: 'Expected a JSON array of leads' } });
    }
    if (!batch && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      outcome(method, 'badRequest');
      return reply(res, { status: 400, body: { code: 103, message: 'Expected one lead object' } });
    }
    const leads = batch ? (body as unknown[]) : [body];

    if (faults.inWindow('manual-import')) {
      outcome(method, 'manualImport');
      return reply(res, {
        status: 500,
        body: { code: 103, message: 'Exception: a manual import is running, please try again later' },
      });
    }
    const fault = faults.draw();
    if (fault === 'stall') {
      outcome(method, 'stall');
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
    }
    if (fault === 'error500') {
      outcome(method, 'error500');
      return reply(res, { status: 500, body: { code: 103, message: 'Exception: java.lang.NullPointerException' } });
    }
    if (fault === 'busy') {
      outcome(method, 'busy');
      return reply(res, { status: 500, body: { code: 109, message: 'Timeout: too many concurrent requests' } });
    }

    const startedIn = lifetime;
    const slot = await acquire();
    if (slot === 'dropped') {
      outcome(method, 'downDropped');
      res.destroy();
      return;
    }
    if (slot === 'timeout') {
      outcome(method, 'queueTimeout');
      return reply(res, {
        status: 500,
        body: { code: 109, message: 'Timeout waiting for an insert slot: too many concurrent requests' },
      });
    }
    try {
      // The call stores its leads when it gets its slot (the server writes as it goes), then holds the slot
      // for whatever is left of its modelled time: the simulator's own work counts toward that time instead
      // of adding to it, so a benchmark measures the modelled server, not this process's CPU.
      const slotAt = performance.now();
      const allowDuplicates = q('allowDuplicates') === 'true';
      const seen = new Set<string>();
      const outcomes = leads.map((lead) =>
        storeLead(lead, checkLead(lead, contactHours), campaignId, allocationId, allowDuplicates, seen),
      );
      const imported = outcomes.filter((o) => o.kind === 'imported').length;
      const updated = outcomes.filter((o) => o.kind === 'updated').length;
      count('leads.imported', imported);
      count('leads.updated', updated);
      count('leads.rejected', outcomes.length - imported - updated);
      if (imported + updated > 0) persistSoon();
      const answer = batch ? batchReply(leads, outcomes) : leadReply(outcomes[0]);
      const busyMs = performance.now() - slotAt;
      await sleep(Math.max(0, options.minCallMs + options.perLeadMs * leads.length - busyMs));
      if (startedIn !== lifetime) {
        // The server went down while this call ran: its leads are stored, its answer is lost.
        outcome(method, 'downDropped');
        res.destroy();
        return;
      }
      if (fault === 'reset') {
        outcome(method, 'reset');
        res.socket?.destroy();
        return;
      }
      outcome(method, 'ok');
      return reply(res, answer);
    } finally {
      release();
    }
  }

  /** Every field name seen in the call, in the error block's order. */
  function headerFields(leads: unknown[]): string[] {
    const names = new Set<string>();
    for (const lead of leads) {
      if (typeof lead === 'object' && lead !== null) for (const name of Object.keys(lead)) names.add(name);
    }
    return headerOrder(names);
  }

  function leadReply(o: Outcome): Reply {
    if (o.kind === 'rejected') return { status: 200, body: { code: o.code, message: o.reason } };
    return { status: 200, body: { code: 0, message: o.kind === 'updated' ? 'OK Updated' : 'OK' } };
  }

  function batchReply(leads: unknown[], outcomes: Outcome[]): Reply {
    return { status: 200, body: { code: 0, message: batchMessage(leads as Lead[], outcomes, headerFields(leads)) } };
  }

  function batchMessage(leads: Lead[], outcomes: Outcome[], fields: string[]): string {
    const imported = outcomes.filter((o) => o.kind === 'imported').length;
    const updated = outcomes.filter((o) => o.kind === 'updated').length;
    const rejected = outcomes.length - imported - updated;
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
      callsByMethod: Object.fromEntries(Object.entries(callsByMethod).map(([m, c]) => [m, { ...c }])),
      peakConcurrentInserts: peak,
      insertRequests,
    };
  }

  /** Forgets stored leads and counters, and restarts the fault windows and the fault sequence. */
  function reset() {
    campaigns = new Map();
    allocationCounts = new Map();
    counters = {};
    callsByMethod = {};
    peak = running;
    insertRequests = 0;
    faults = createFaultClock(parseFaults(faultSpec), options.seed, Date.now());
    persistSoon();
  }

  function setFaults(spec: string) {
    faults = createFaultClock(parseFaults(spec), options.seed, Date.now());
    faultSpec = spec;
  }

  function loadState(file: string) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // first run: nothing stored yet
      throw new Error(`state file ${file}: ${(error as Error).message}`);
    }
    let saved: { campaigns?: Record<string, { leads?: unknown }> };
    try {
      saved = JSON.parse(text);
    } catch (error) {
      throw new Error(`state file ${file} is not JSON (${(error as Error).message}); move it away to start empty`);
    }
    for (const [id, c] of Object.entries(saved.campaigns ?? {})) {
      if (!Array.isArray(c.leads)) throw new Error(`state file ${file}: campaign ${id} has no leads list`);
      const store = campaignStore(Number(id));
      c.leads.forEach((lead: unknown, i: number) => {
        const { __allocationId, ...fields } = (lead ?? {}) as Lead;
        if (!__allocationId || !Object.values(fields).every((v) => typeof v === 'string')) {
          throw new Error(`state file ${file}: campaign ${id}, lead ${i + 1} is not a stored lead`);
        }
        putLead(store, fields, Number(__allocationId), validPhones(fields), new Set());
      });
    }
  }

  let persistTimer: NodeJS.Timeout | undefined;
  /** Writes the stored leads a moment after they change, so a killed simulator loses little. */
  function persistSoon() {
    if (!options.stateFile || persistTimer) return;
    persistTimer = setTimeout(() => {
      persistTimer = undefined;
      persist();
    }, 250);
    persistTimer.unref();
  }
  function persist() {
    if (!options.stateFile) return;
    const { campaigns: stored } = state();
    const temp = `${options.stateFile}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify({ campaigns: stored }));
      renameSync(temp, options.stateFile);
    } catch (error) {
      console.error(`simulator: could not save ${options.stateFile}: ${(error as Error).message}`);
    }
  }

  if (options.stateFile) loadState(options.stateFile);

  // ---- the listener, which goes away during a `down` window so that connections are refused ----
  let listening = true;
  let closing = false;
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (res.headersSent) res.destroy();
      else reply(res, { status: 500, body: { code: 103, message: `Exception: ${(error as Error).message}` } });
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    // The listener closes within a tick of a down window starting; refuse anything that slips in before.
    if (faults.inWindow('down') || closing) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(options.port);
  const port = (server.address() as AddressInfo).port;
  const downWatch = setInterval(async () => {
    const down = faults.inWindow('down');
    if (down && listening) {
      listening = false;
      lifetime++;
      count('down');
      server.close();
      dropQueue();
      for (const res of stalled) res.destroy();
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
      lifetime++;
      clearInterval(downWatch);
      clearTimeout(persistTimer);
      dropQueue();
      for (const res of stalled) res.destroy();
      persist();
      for (const s of sockets) s.destroy();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const INSERT_METHODS = new Set(['insertLeads', 'insertLeadsFast', 'insertLeadFast']);

/** Settings that would make the simulator misbehave quietly are refused up front. */
function checkOptions(o: SimulatorOptions) {
  const problems: string[] = [];
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65_535) problems.push(`port must be 0-65535 (got ${o.port})`);
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1)
    problems.push(`concurrency must be a whole number of at least 1 (got ${o.concurrency})`);
  for (const name of ['minCallMs', 'perLeadMs', 'queueTimeoutMs'] as const) {
    if (!Number.isFinite(o[name]) || o[name] < 0) problems.push(`${name} must be a number of at least 0 (got ${o[name]})`);
  }
  if (!o.apiKey) problems.push('apiKey must not be empty');
  if (problems.length > 0) throw new Error(`simulator options: ${problems.join('; ')}`);
  parseFaults(o.faults); // throws naming the bad part
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
