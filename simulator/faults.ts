/**
 * Faults of docs/simulator.md: `kind:rate` (chance per insert call) or `kind:start-end` (a window in
 * seconds since the simulator started or since faults were last set). Seeded so runs repeat.
 */
export const RATE_FAULTS = ['error500', 'busy', 'reset', 'stall'] as const;
export const WINDOW_FAULTS = ['manual-import', 'down'] as const;
export type RateFault = (typeof RATE_FAULTS)[number];
export type WindowFault = (typeof WINDOW_FAULTS)[number];

export interface FaultPlan {
  rates: Partial<Record<RateFault, number>>;
  windows: { kind: WindowFault; startSec: number; endSec: number }[];
}

export function parseFaults(spec: string): FaultPlan {
  const plan: FaultPlan = { rates: {}, windows: [] };
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z0-9-]+):(.+)$/.exec(part);
    if (!m) throw new Error(`fault "${part}": expected kind:rate or kind:start-end`);
    const [, kind, value] = m;
    if ((RATE_FAULTS as readonly string[]).includes(kind)) {
      const rate = Number(value);
      if (!(rate >= 0 && rate <= 1)) throw new Error(`fault "${part}": rate must be between 0 and 1`);
      plan.rates[kind as RateFault] = rate;
    } else if ((WINDOW_FAULTS as readonly string[]).includes(kind)) {
      const w = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(value);
      if (!w || Number(w[2]) < Number(w[1])) throw new Error(`fault "${part}": window must be start-end in seconds`);
      plan.windows.push({ kind: kind as WindowFault, startSec: Number(w[1]), endSec: Number(w[2]) });
    } else {
      throw new Error(`fault "${part}": unknown kind (${[...RATE_FAULTS, ...WINDOW_FAULTS].join(', ')})`);
    }
  }
  return plan;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultClock {
  inWindow(kind: WindowFault): boolean;
  /** The rate fault to apply to this insert call, if any (one draw per kind, in a fixed order). */
  draw(): RateFault | undefined;
}

export function createFaultClock(plan: FaultPlan, seed: number, since: number, now: () => number = Date.now): FaultClock {
  const random = mulberry32(seed);
  return {
    inWindow(kind) {
      const t = (now() - since) / 1000;
      return plan.windows.some((w) => w.kind === kind && t >= w.startSec && t < w.endSec);
    },
    draw() {
      for (const kind of RATE_FAULTS) {
        const rate = plan.rates[kind];
        if (random() < (rate ?? 0)) return kind;
      }
      return undefined;
    },
  };
}
