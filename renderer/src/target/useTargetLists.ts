/**
 * The server's template, campaign and allocation lists for the choice in the store, loaded as the choice
 * above each changes, and reconciled with it on every load (lib/choice.ts): the only item is chosen, a
 * vanished choice is cleared with a note. The store stays the one place the choice lives; these lists are
 * what the pickers show. `reload` fetches all three again (e.g. after changing something on the server).
 */
import { useCallback, useEffect, useState } from 'react';
import type { IdName } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { type Reconciled, reconcileChoice } from '../lib/choice.ts';
import { type AppState, useApp } from '../store.ts';

export interface ListState {
  items: IdName[];
  loaded: boolean;
  note?: Reconciled['note'];
  problem?: string;
}

type Level = 'templateId' | 'campaignId' | 'allocationId';
const NOUN: Record<Level, string> = { templateId: 'template', campaignId: 'campaign', allocationId: 'allocation' };
const EMPTY: ListState = { items: [], loaded: false };

function useList(level: Level, load: (() => Promise<IdName[]>) | undefined, key: string, generation: number): ListState {
  const [state, setState] = useState<ListState>(EMPTY);
  const setTarget = useApp((s) => s.setTarget);
  const chosen = useApp((s) => s[level]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `load` fetches; `load` itself is new on every render
  useEffect(() => {
    if (!load) {
      setState(EMPTY);
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loaded: false, problem: undefined }));
    load().then(
      (items) => {
        if (!live) return;
        const current = useApp.getState()[level];
        const r = reconcileChoice(items, current, NOUN[level]);
        if (r.value !== current) setTarget({ [level]: r.value } as Partial<Pick<AppState, Level>>);
        setState({ items, loaded: true, note: r.note });
      },
      (error: Error) => live && setState({ items: [], loaded: false, problem: error.message }),
    );
    return () => {
      live = false;
    };
  }, [key, generation, level, setTarget]);
  // A note about a vanished choice is history once the person chooses again.
  const note = state.note?.kind === 'vanished' && chosen !== undefined && state.items.length > 1 ? undefined : state.note;
  return { ...state, note };
}

export function useTargetLists(levels: 'template' | 'all' = 'all') {
  const serverId = useApp((s) => s.serverId);
  const templateId = useApp((s) => s.templateId);
  const campaignId = useApp((s) => s.campaignId);
  const [generation, setGeneration] = useState(0);
  const all = levels === 'all';
  const templates = useList(
    'templateId',
    serverId ? () => api.listTemplates({ serverId }) : undefined,
    `${serverId}`,
    generation,
  );
  const campaigns = useList(
    'campaignId',
    all && serverId && templateId !== undefined ? () => api.listCampaigns({ serverId, templateId }) : undefined,
    `${serverId}/${templateId}`,
    generation,
  );
  const allocations = useList(
    'allocationId',
    all && serverId && campaignId !== undefined ? () => api.listAllocations({ serverId, campaignId }) : undefined,
    `${serverId}/${campaignId}`,
    generation,
  );
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { templates, campaigns, allocations, reload };
}
