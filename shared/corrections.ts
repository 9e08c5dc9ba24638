/**
 * A correction of a job's leads as the contract carries it (`editRows` in contract.ts, which also
 * says which rows): what to do to each selected row. The core applies it (electron/core/jobs/
 * bulk-actions.ts, bulk-edit.ts); the renderer and the CLI build it.
 */
import { z } from 'zod';

export const bulkAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('set'), field: z.string().min(1), value: z.string() }),
  z.object({ kind: z.literal('clear'), field: z.string().min(1) }),
  z.object({
    kind: z.literal('replace'),
    field: z.string().min(1),
    from: z.string().min(1),
    to: z.string(),
    /** Only cells whose whole text is `from`; otherwise every occurrence inside a cell. */
    wholeCell: z.boolean().default(false),
    ignoreCase: z.boolean().default(false),
  }),
  /** Take `column`'s value as `field` on these rows only (e.g. HomePh as FirstPhone). */
  z.object({ kind: z.literal('use'), field: z.string().min(1), column: z.string().min(1) }),
  /** An empty cell takes the value of the selected row above it. */
  z.object({ kind: z.literal('fillDown'), field: z.string().min(1) }),
  z.object({
    kind: z.literal('tidy'),
    field: z.string().min(1),
    /** Spaces at either end go and runs of spaces become one; then the case, if asked. */
    letterCase: z.enum(['keep', 'upper', 'lower', 'title']).default('keep'),
  }),
  z.object({ kind: z.literal('skip') }),
  z.object({ kind: z.literal('unskip') }),
  /** One row's cells typed in the grid: source column index → text. */
  z.object({ kind: z.literal('cells'), cells: z.record(z.string(), z.string()) }),
]);
export type BulkAction = z.input<typeof bulkAction>;
