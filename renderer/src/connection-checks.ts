/**
 * The last connection test of each server, shared by the Connection step (its verdict line, its "Next"
 * button) and the step list (the Connection step's tick). Kept apart from store.ts: only what was tested
 * in this window, never saved.
 */
import { create } from 'zustand';
import type { CallReply } from '../../shared/contract.ts';

export type Verdict = CallReply<'testConnection'>;

interface Checks {
  verdicts: Record<string, Verdict>;
  record(serverId: string, verdict: Verdict): void;
  forget(serverId: string): void;
}

export const useChecks = create<Checks>()((set, get) => ({
  verdicts: {},
  record: (serverId, verdict) => set({ verdicts: { ...get().verdicts, [serverId]: verdict } }),
  forget(serverId) {
    const { [serverId]: _, ...rest } = get().verdicts;
    set({ verdicts: rest });
  },
}));

/** The selected server was tested and did not connect. */
export const failedTest = (verdicts: Record<string, Verdict>, serverId: string | undefined) =>
  serverId !== undefined && verdicts[serverId] !== undefined && verdicts[serverId].verdict !== 'ok';
