/**
 * One insert call (insertLeads, insertLeadsFast, insertLeadFast): its target checked, its body read, the
 * faults drawn, a slot of the server's concurrency taken, the leads stored by the lead rules, and the
 * answer held back for the call's modelled time (docs/simulator.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ALLOCATIONS, CAMPAIGNS, TEMPLATES } from './catalogue.ts';
import type { Counters } from './counters.ts';
import type { FaultClock } from './faults.ts';
import { readBody, sleep } from './http.ts';
import type { InsertSlots } from './insert-slots.ts';
import type { LeadStore } from './lead-store.ts';
import type { SimulatorOptions } from './options.ts';
import { batchReply, leadReply, send as reply, unknownIdReply } from './replies.ts';
import { checkLead } from './rules.ts';

/** Code 103 for an id the server does not know, counted as `unknownId`. */
export function unknownId(counters: Counters, res: ServerResponse, method: string, name: string, value: string | null) {
  counters.outcome(method, 'unknownId');
  return reply(res, unknownIdReply(name, value));
}

export function createInsertHandler(deps: {
  options: SimulatorOptions;
  contactHours: ReadonlySet<string>;
  leadStore: LeadStore;
  slots: InsertSlots;
  counters: Counters;
  /** The fault clock in force (setFaults and reset replace it). */
  faults: () => FaultClock;
  /** Bumped whenever the server goes down or closes: a call that started under an older one is dropped. */
  lifetime: () => number;
  /** Calls held without an answer (the `stall` fault), ended when the server goes down or closes. */
  stalled: Set<ServerResponse>;
  persistSoon: () => void;
}) {
  const { counters } = deps;
  return async function handleInsert(req: IncomingMessage, res: ServerResponse, method: string, q: (n: string) => string | null) {
    const text = await readBody(req);
    const templateId = Number(q('fTemplateId'));
    const campaignId = Number(q('fCampaignId'));
    const allocationId = Number(q('fAllocationId'));
    if (!TEMPLATES.some((t) => t.id === templateId)) return unknownId(counters, res, method, 'fTemplateId', q('fTemplateId'));
    const campaign = CAMPAIGNS.find((c) => c.id === campaignId && c.templateId === templateId);
    if (!campaign) return unknownId(counters, res, method, 'fCampaignId', q('fCampaignId'));
    if (!ALLOCATIONS.some((a) => a.id === allocationId && a.campaignId === campaignId)) {
      return unknownId(counters, res, method, 'fAllocationId', q('fAllocationId'));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      counters.outcome(method, 'badRequest');
      return reply(res, { status: 400, body: { code: 103, message: 'Invalid JSON body' } });
    }
    const batch = method !== 'insertLeadFast';
    if (batch && !Array.isArray(body)) {
      counters.outcome(method, 'badRequest');
      return reply(res, { status: 400, body: { code: 103, message: 'Expected a JSON array of leads' } });
    }
    if (!batch && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      counters.outcome(method, 'badRequest');
      return reply(res, { status: 400, body: { code: 103, message: 'Expected one lead object' } });
    }
    const leads = batch ? (body as unknown[]) : [body];

    if (deps.faults().inWindow('manual-import')) {
      counters.outcome(method, 'manualImport');
      return reply(res, {
        status: 500,
        body: { code: 103, message: 'Exception: a manual import is running, please try again later' },
      });
    }
    const fault = deps.faults().draw();
    if (fault === 'stall') {
      counters.outcome(method, 'stall');
      deps.stalled.add(res);
      res.on('close', () => deps.stalled.delete(res));
      return;
    }
    if (fault === 'error500') {
      counters.outcome(method, 'error500');
      return reply(res, { status: 500, body: { code: 103, message: 'Exception: java.lang.NullPointerException' } });
    }
    if (fault === 'busy') {
      counters.outcome(method, 'busy');
      return reply(res, { status: 500, body: { code: 109, message: 'Timeout: too many concurrent requests' } });
    }

    const startedIn = deps.lifetime();
    const slot = await deps.slots.acquire();
    if (slot === 'dropped') {
      counters.outcome(method, 'downDropped');
      res.destroy();
      return;
    }
    if (slot === 'timeout') {
      counters.outcome(method, 'queueTimeout');
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
      const outcomes = leads.map((lead) => deps.leadStore.store(lead, checkLead(lead, deps.contactHours), target, seen));
      const imported = outcomes.filter((o) => o.kind === 'imported').length;
      const updated = outcomes.filter((o) => o.kind === 'updated').length;
      counters.count('leads.imported', imported);
      counters.count('leads.updated', updated);
      counters.count('leads.rejected', outcomes.length - imported - updated);
      if (imported + updated > 0) deps.persistSoon();
      const answer = batch ? batchReply(leads, outcomes) : leadReply(outcomes[0]);
      const busyMs = performance.now() - slotAt;
      await sleep(Math.max(0, deps.options.minCallMs + deps.options.perLeadMs * leads.length - busyMs));
      if (startedIn !== deps.lifetime()) {
        // The server went down while this call ran: its leads are stored, its answer is lost.
        counters.outcome(method, 'downDropped');
        res.destroy();
        return;
      }
      if (fault === 'reset') {
        counters.outcome(method, 'reset');
        res.socket?.destroy();
        return;
      }
      counters.outcome(method, 'ok');
      return reply(res, answer);
    } finally {
      deps.slots.release();
    }
  };
}
