/**
 * The leads the simulated server holds, per campaign, with the rules that depend on what is stored: duplicate
 * phones (unless allowed), and updates by external id. The rules that do not are `checkLead` in rules.ts.
 */
import { ALLOCATION_ADVISED_MAX } from './catalogue.ts';
import type { Lead, LeadCheck } from './rules.ts';

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

export type Outcome = { kind: 'imported' | 'updated' } | { kind: 'rejected'; code: number; reason: string };

export interface StoredState {
  campaigns: Record<string, { leads: (Lead & { __allocationId: string })[]; count: number }>;
  allocations: Record<string, number>;
  allocationsOverAdvised: number[];
}

export interface LeadStore {
  /** One lead of a call; `seenInCall` carries the call's own phones and external ids between its leads. */
  store(
    raw: unknown,
    check: LeadCheck,
    target: { campaignId: number; allocationId: number; allowDuplicates: boolean },
    seenInCall: Set<string>,
  ): Outcome;
  /** A lead stored before a restart, put back as it was. */
  restore(campaignId: number, fields: Lead, allocationId: number, phones: string[]): void;
  snapshot(): StoredState;
  clear(): void;
}

export function createLeadStore(): LeadStore {
  let campaigns = new Map<number, CampaignStore>();
  let allocationCounts = new Map<number, number>();

  const campaignStore = (id: number): CampaignStore => {
    let store = campaigns.get(id);
    if (!store) {
      store = { leads: [], byPhone: new Map(), byExternalId: new Map() };
      campaigns.set(id, store);
    }
    return store;
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

  return {
    store(raw, check, { campaignId, allocationId, allowDuplicates }, seenInCall) {
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
    },
    restore(campaignId, fields, allocationId, phones) {
      putLead(campaignStore(campaignId), fields, allocationId, phones, new Set());
    },
    snapshot() {
      const out: StoredState['campaigns'] = {};
      for (const [id, store] of campaigns) {
        out[id] = {
          count: store.leads.length,
          leads: store.leads.map((l) => ({ ...l.fields, __allocationId: String(l.allocationId) })),
        };
      }
      return {
        campaigns: out,
        allocations: Object.fromEntries([...allocationCounts].map(([id, n]) => [String(id), n])),
        allocationsOverAdvised: [...allocationCounts].filter(([, n]) => n > ALLOCATION_ADVISED_MAX).map(([id]) => id),
      };
    },
    clear() {
      campaigns = new Map();
      allocationCounts = new Map();
    },
  };
}
