/** How a run is steered from outside (pause, cancel) and how long it waits for what (its timings). */
import type { Counts, JobState } from '../../../shared/contract.ts';

export interface RunTimings {
  /** Above the server's own queue timeout (1–10 minutes). */
  requestTimeoutMs: number;
  /** Pause after a run of code 103 (manual import or maintenance). */
  maintenanceCooldownMs: number;
  /** How many 103 answers in a row mean "manual import or maintenance". */
  maintenanceRun: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Stop as incomplete after this long without any accepted call (the CLI's "server unreachable"). */
  giveUpAfterMs: number;
}

export const DEFAULT_TIMINGS: RunTimings = {
  requestTimeoutMs: 180_000,
  maintenanceCooldownMs: 120_000,
  maintenanceRun: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 60_000,
  giveUpAfterMs: Number.POSITIVE_INFINITY,
};

export interface RunControl {
  pause(): void;
  cancel(): void;
  readonly stopping: 'pause' | 'cancel' | undefined;
}

export interface RunResult {
  state: JobState;
  message?: string;
  counts: Counts;
  concurrencyHistory: readonly { atMs: number; level: number }[];
}

export function createRunControl(
  onChange: () => void = () => {},
): RunControl & { wake: () => void; onWake(listener: () => void): void } {
  let stopping: 'pause' | 'cancel' | undefined;
  const listeners = new Set<() => void>([onChange]);
  const wake = () => {
    for (const l of listeners) l();
  };
  return {
    get stopping() {
      return stopping;
    },
    pause() {
      stopping ??= 'pause';
      wake();
    },
    cancel() {
      stopping = 'cancel';
      wake();
    },
    wake,
    onWake(listener) {
      listeners.add(listener);
    },
  };
}
