/**
 * A stand-in Campaigner server (docs/simulator.md): lookups, the insert endpoints, the server's
 * concurrency limit and queue, its lead rules, and seeded faults. Plain node:http, no framework.
 * The parts live beside this file: options.ts, catalogue.ts, insert-slots.ts, lead-store.ts (the stored-lead
 * rules), rules.ts (the per-lead rules), replies.ts, faults.ts and state-file.ts. This file handles requests
 * and the listener that goes away during a `down` window.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ALLOCATIONS, API, CAMPAIGNS, INSERT_METHODS, TEMPLATES } from './catalogue.ts';
import { createFaultClock, type FaultClock, parseFaults } from './faults.ts';
import { createInsertSlots } from './insert-slots.ts';
import { createLeadStore, type StoredState } from './lead-store.ts';
import { checkOptions, DEFAULT_OPTIONS, type SimulatorOptions } from './options.ts';
import { batchReply, leadReply, REFUSED_KEY, send as reply, unknownIdReply } from './replies.ts';
import { checkLead } from './rules.ts';
import { loadStateFile, saveStateFile } from './state-file.ts';

export { ALLOCATION_ADVISED_MAX } from './catalogue.ts';
export { DEFAULT_OPTIONS, type SimulatorOptions } from './options.ts';

export interface SimulatorState extends StoredState {
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

export async function startSimulator(partial: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const options: SimulatorOptions = { ...DEFAULT_OPTIONS, ...partial };
  checkOptions(options);
  const contactHours = new Set(options.contactHours);
  const leadStore = createLeadStore();
  const slots = createInsertSlots(options.concurrency, options.queueTimeoutMs);
  let counters: Record<string, number> = {};
  let callsByMethod: Record<string, Record<string, number>> = {};
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
  // Bumped whenever the server goes down or closes; a call that started under an older one is dropped.
  let lifetime = 0;

  // ---- request handling ----
  const sockets = new Set<Socket>();
  const stalled = new Set<ServerResponse>();

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
      return reply(res, REFUSED_KEY);
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
    return reply(res, unknownIdReply(name, value));
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
    const slot = await slots.acquire();
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
      const target = { campaignId, allocationId, allowDuplicates };
      const outcomes = leads.map((lead) => leadStore.store(lead, checkLead(lead, contactHours), target, seen));
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
      slots.release();
    }
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
    return {
      ...leadStore.snapshot(),
      counters: { ...counters },
      callsByMethod: Object.fromEntries(Object.entries(callsByMethod).map(([m, c]) => [m, { ...c }])),
      peakConcurrentInserts: slots.peak(),
      insertRequests,
    };
  }

  /** Forgets stored leads and counters, and restarts the fault windows and the fault sequence. */
  function reset() {
    leadStore.clear();
    counters = {};
    callsByMethod = {};
    slots.resetPeak();
    insertRequests = 0;
    faults = createFaultClock(parseFaults(faultSpec), options.seed, Date.now());
    persistSoon();
  }

  function setFaults(spec: string) {
    faults = createFaultClock(parseFaults(spec), options.seed, Date.now());
    faultSpec = spec;
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
    if (options.stateFile) saveStateFile(options.stateFile, leadStore.snapshot().campaigns);
  }

  if (options.stateFile) loadStateFile(options.stateFile, leadStore);

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
      slots.dropQueue();
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
      slots.dropQueue();
      for (const res of stalled) res.destroy();
      persist();
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
