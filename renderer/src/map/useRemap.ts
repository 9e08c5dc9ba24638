/**
 * Applying a mapping to every row of the job in hand: the core re-checks the rows off its main thread and
 * reports how far it is (`remapProgress`); the person can cancel. Used by the Map and Target steps.
 */
import { useEffect, useState } from 'react';
import type { CallRequest } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { percent } from '../lib/format.ts';
import { useApp } from '../store.ts';

export function useRemap() {
  const setApplied = useApp((s) => s.setApplied);
  const [running, setRunning] = useState<string>();
  const [done, setDone] = useState<{ rowsDone: number; total: number }>();

  useEffect(() => {
    if (!running) return;
    return api.on('remapProgress', (p) => {
      if (p.jobId === running) setDone({ rowsDone: p.rowsDone, total: p.total });
    });
  }, [running]);

  /** Resolves true when every row was checked; false when cancelled. Throws what the core refused. */
  const run = async (request: CallRequest<'applyMapping'>): Promise<boolean> => {
    setRunning(request.jobId);
    setDone(undefined);
    try {
      const result = await api.applyMapping(request);
      setApplied(result.counts, result.groups);
      return !result.cancelled;
    } finally {
      setRunning(undefined);
    }
  };

  const busy = running
    ? `Checking rows… ${done && done.total > 0 ? `${percent(done.rowsDone, done.total)} %` : ''}`.trim()
    : undefined;
  const cancel = () => {
    if (running) void api.cancelRemap({ jobId: running });
  };
  return { run, busy, cancel, running: running !== undefined };
}
