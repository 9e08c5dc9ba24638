/**
 * The command line's side of sending safely: the options that set the canary and the refusal guard,
 * and how a pause they made is told (one line on stderr, a `paused` object in the JSON summary).
 */
import type { SafetyPause, SendSettings } from '../../shared/contract.ts';
import type { CliValues } from './args.ts';
import { positiveInt, UsageError } from './args.ts';

export function safetySettings(values: CliValues): Pick<SendSettings, 'canary' | 'maxRefusalRate' | 'refusalWindow'> {
  const rate = values['max-refusal-rate'];
  let maxRefusalRate: number | undefined;
  if (rate !== undefined) {
    maxRefusalRate = Number(rate);
    if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(rate) || !(maxRefusalRate >= 0 && maxRefusalRate <= 1))
      throw new UsageError(`--max-refusal-rate must be a number from 0 to 1, e.g. 0.2 for 20 % (got "${rate}")`);
  }
  return {
    canary: values.canary === undefined ? undefined : positiveInt('canary', values.canary, { min: 0, max: 5000 }),
    maxRefusalRate,
    refusalWindow:
      values['refusal-window'] === undefined
        ? undefined
        : positiveInt('refusal-window', values['refusal-window'], { max: 1_000_000 }),
  };
}

/** The summary's `paused` object: the contract's three fields, then the refused count and the reasons. */
export const pausedSummary = (pause: SafetyPause) => ({
  by: pause.by,
  refusalRate: Math.round(pause.refusalRate * 10_000) / 10_000,
  answered: pause.answered,
  refused: pause.refused,
  reasons: pause.reasons,
});

/** One line for stderr: who paused the job, at what rate, the leading reason, and how to go on. */
export function pauseLine(jobId: string, pause: SafetyPause): string {
  const who = pause.by === 'canary' ? 'the canary' : 'the refusal guard';
  const rate = `${Math.round(pause.refusalRate * 1000) / 10} %`;
  const top = pause.reasons[0];
  const reason = top ? `, most often: ${top.reason} (${top.count})` : '';
  return `paused by ${who}: the server refused ${pause.refused} of ${pause.answered} leads (${rate})${reason}; fix the mapping or the file, or continue with: resume ${jobId} --continue-anyway`;
}
