/**
 * `noojee-upload fix <jobId>`: one correction of a stored job's leads, as a script would make it
 * (docs/cli.md "fix"): a selection by row numbers or reason group, and one action.
 */

import type { Selection } from '../../shared/contract.ts';
import type { BulkAction } from '../../shared/corrections.ts';
import type { JobService } from '../core/jobs/job-service.ts';
import type { JobStore } from '../core/store/job-store.ts';
import { type CliValues, pairs, UsageError } from './args.ts';

/** `2,7,10-20` → row numbers and ranges. */
export function parseRows(text: string): NonNullable<Selection['rows']> {
  return text.split(',').map((part) => {
    const item = part.trim();
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
    if (range) return [Number(range[1]), Number(range[2])] as [number, number];
    if (/^\d+$/.test(item)) return Number(item);
    throw new UsageError(`--rows expects row numbers and ranges like 2,7,10-20 (got "${item}")`);
  });
}

function selectionOf(values: CliValues): Selection {
  if (values.rows === undefined && values.reason === undefined)
    throw new UsageError('fix needs a selection: --rows 2,7,10-20 or --reason TEXT');
  return {
    ...(values.rows !== undefined ? { rows: parseRows(values.rows) } : {}),
    ...(values.reason !== undefined ? { reason: values.reason } : {}),
  };
}

function actionOf(values: CliValues): BulkAction {
  const actions: BulkAction[] = [];
  for (const [field, value] of Object.entries(pairs('set', values.set))) actions.push({ kind: 'set', field, value });
  if (values.clear !== undefined) actions.push({ kind: 'clear', field: values.clear });
  if (values.replace !== undefined) {
    if (values.from === undefined || values.to === undefined)
      throw new UsageError('--replace FIELD needs --from OLD and --to NEW');
    actions.push({
      kind: 'replace',
      field: values.replace,
      from: values.from,
      to: values.to,
      wholeCell: values['whole-cell'],
      ignoreCase: values['ignore-case'],
    });
  }
  if (values.use !== undefined) {
    const [[field, column]] = Object.entries(pairs('use', [values.use]));
    actions.push({ kind: 'use', field, column });
  }
  if (values.skip) actions.push({ kind: 'skip' });
  if (values.unskip) actions.push({ kind: 'unskip' });
  if (actions.length !== 1)
    throw new UsageError(
      `fix takes exactly one action (--set FIELD=VALUE, --clear FIELD, --replace FIELD --from OLD --to NEW, --use FIELD=COLUMN, --skip or --unskip); got ${actions.length}`,
    );
  return actions[0];
}

/** Applies the correction and prints what it did; the job is not sent (resume --fixed-only does that). */
export async function fixCommand(
  ctx: { service: JobService; store: JobStore },
  values: CliValues,
  jobId: string | undefined,
  io: { out(line: string): void; progress(line: string): void },
): Promise<void> {
  if (!jobId) throw new UsageError('fix needs a job id: fix <jobId> --rows LIST | --reason TEXT, and one action');
  const selection = selectionOf(values);
  const action = actionOf(values);
  const result = await ctx.service.editor.apply(jobId, selection, action, {
    onProgress: (p) =>
      io.progress(
        `${p.label}: ${p.phase} ${p.done.toLocaleString('en-AU')}${p.total ? ` of ${p.total.toLocaleString('en-AU')}` : ''} rows`,
      ),
  });
  io.progress('');
  const summary = {
    jobId,
    action: result.label,
    selected: result.selected,
    changed: result.changed,
    nowValid: result.nowValid,
    becameValid: result.becameValid,
    stillInvalid: result.stillInvalid,
    alreadySent: result.alreadySent,
    fixedToSend: ctx.store.countFixed(jobId),
  };
  if (values.json) io.out(JSON.stringify(summary));
  else
    io.out(
      `job ${jobId}: ${summary.action}: ${summary.changed} of ${summary.selected} selected rows changed, ${summary.nowValid} now valid (${summary.becameValid} newly), ${summary.stillInvalid} still invalid${summary.alreadySent ? `, ${summary.alreadySent} already sent and left alone` : ''}; ${summary.fixedToSend} fixed leads to send (resume ${jobId} --fixed-only)`,
    );
}
