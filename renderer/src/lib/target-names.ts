/**
 * Names for a target's ids (template 41 → "Outbound sales"), for the job summary and History. The core
 * keeps ids only; names are asked of the server once per window and remembered. When the server cannot
 * answer, the id is shown ("template 41"), never an error: these are labels, not a step of the flow.
 */
import { useEffect, useState } from 'react';
import type { IdName } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';

const lists = new Map<string, Promise<IdName[]>>();

function listOf(key: string, load: () => Promise<IdName[]>): Promise<IdName[]> {
  let list = lists.get(key);
  if (!list) {
    list = load().catch(() => {
      lists.delete(key); // a later view may find the server up again
      return [];
    });
    lists.set(key, list);
  }
  return list;
}

export interface TargetIds {
  serverId?: string;
  templateId?: number;
  campaignId?: number;
  allocationId?: number;
}

export interface TargetNames {
  template?: string;
  campaign?: string;
  allocation?: string;
}

const nameIn = (list: IdName[], id: number | undefined, what: string) =>
  id === undefined ? undefined : (list.find((i) => i.id === id)?.name ?? `${what} ${id}`);

export async function lookUpTargetNames(t: TargetIds): Promise<TargetNames> {
  const { serverId, templateId, campaignId } = t;
  if (!serverId) return {};
  const [templates, campaigns, allocations] = await Promise.all([
    templateId === undefined ? [] : listOf(`t:${serverId}`, () => api.listTemplates({ serverId })),
    templateId === undefined || campaignId === undefined
      ? []
      : listOf(`c:${serverId}:${templateId}`, () => api.listCampaigns({ serverId, templateId })),
    campaignId === undefined ? [] : listOf(`a:${serverId}:${campaignId}`, () => api.listAllocations({ serverId, campaignId })),
  ]);
  return {
    template: nameIn(templates, t.templateId, 'template'),
    campaign: nameIn(campaigns, t.campaignId, 'campaign'),
    allocation: nameIn(allocations, t.allocationId, 'allocation'),
  };
}

export function useTargetNames(t: TargetIds): TargetNames {
  const [names, setNames] = useState<TargetNames>({});
  const { serverId, templateId, campaignId, allocationId } = t;
  useEffect(() => {
    let current = true;
    void lookUpTargetNames({ serverId, templateId, campaignId, allocationId }).then((found) => {
      if (current) setNames(found);
    });
    return () => {
      current = false;
    };
  }, [serverId, templateId, campaignId, allocationId]);
  return names;
}
