/**
 * A stand-in Campaigner server (docs/simulator.md): lookups, the insert endpoints, the server's
 * concurrency limit and queue, its lead rules, and seeded faults. Plain node:http, no framework.
 * The parts live beside this file (README.md lists them); this file routes requests (lookups, inserts, the
 * `/__sim/` control endpoints) and holds the state that reset and setFaults change.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ALLOCATIONS, API, CAMPAIGNS, INSERT_METHODS, TEMPLATES } from './catalogue.ts';
import { createCounters } from './counters.ts';
import { createFaultClock, type FaultClock, parseFaults } from './faults.ts';
import { isLoopbackAddress, readBody } from './http.ts';
import { createInsertHandler, unknownId } from './insert-call.ts';
import { createInsertSlots } from './insert-slots.ts';
import { createLeadStore, type StoredState } from './lead-store.ts';
import { startListener } from './listener.ts';
import { checkOptions, DEFAULT_OPTIONS, type SimulatorOptions } from './options.ts';
import { REFUSED_KEY, send as reply } from './replies.ts';
import { loadStateFile, saveStateFile } from './state-file.ts';

export { ALLOCATION_ADVISED_MAX } from './catalogue.ts';
export { isLoopbackAddress } from './http.ts';
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
  const counters = createCounters();
  const { count, outcome } = counters;
  let faultSpec = options.faults;
  let faults: FaultClock = createFaultClock(parseFaults(faultSpec), options.seed, Date.now());
  // Bumped whenever the server goes down or closes; a call that started under an older one is dropped.
  let lifetime = 0;
  const stalled = new Set<ServerResponse>();
  const handleInsert = createInsertHandler({
    options,
    contactHours,
    leadStore,
    slots,
    counters,
    faults: () => faults,
    lifetime: () => lifetime,
    stalled,
    persistSoon: () => persistSoon(),
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname.startsWith('/__sim/')) return handleControl(req, res, url);
    if (!url.pathname.startsWith(API))
      return reply(res, { status: 404, html: true, body: '<html><body>Not Found</body></html>' });
    const method = url.pathname.slice(API.length);
    count(`calls.${method}`);
    if (INSERT_METHODS.has(method)) counters.insertRequest();
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
        if (!TEMPLATES.some((t) => t.id === templateId)) return unknownId(counters, res, method, 'fTemplateId', q('fTemplateId'));
        const entities = CAMPAIGNS.filter((c) => c.templateId === templateId).map(({ id, name }) => ({ id, name }));
        outcome(method, 'ok');
        return reply(res, { status: 200, body: { type: 'Campaign', entities, code: 0, message: 'OK' } });
      }
      case 'getAllocationList': {
        const campaignId = Number(q('fCampaignId'));
        if (!CAMPAIGNS.some((c) => c.id === campaignId)) return unknownId(counters, res, method, 'fCampaignId', q('fCampaignId'));
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
      ...counters.snapshot(),
      peakConcurrentInserts: slots.peak(),
    };
  }

  /** Forgets stored leads and counters, and restarts the fault windows and the fault sequence. */
  function reset() {
    leadStore.clear();
    counters.clear();
    slots.resetPeak();
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

  const listener = await startListener({
    port: options.port,
    host: options.host,
    handle,
    faults: () => faults,
    onDown: () => {
      lifetime++;
      count('down');
      slots.dropQueue();
      for (const res of stalled) res.destroy();
    },
  });

  return {
    url: listener.url,
    port: listener.port,
    state,
    reset,
    setFaults,
    close: () =>
      listener.close(() => {
        lifetime++;
        clearTimeout(persistTimer);
        slots.dropQueue();
        for (const res of stalled) res.destroy();
        persist();
      }),
  };
}
