/** Reading a file: inspecting it, reading it whole into a draft job, stopping a read. */
import { z } from 'zod';
import { jobRef, ok } from './common.ts';
import { jobState, target } from './jobs.ts';
import { mappingSpec, normaliseOptions } from './mapping.ts';

export const fileFingerprint = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  headSha256: z.string(),
});
export type FileFingerprint = z.infer<typeof fileFingerprint>;

/** Which file, and how to read it: what `inspectFile` looks at and `importFile` then reads (the same choices). */
export const sourceChoice = z.object({
  path: z.string(),
  sheet: z.string().optional(),
  headerRow: z.number().int().min(1).optional(),
  encoding: z.string().optional(),
  delimiter: z.string().max(1).optional(),
});
export type SourceChoice = z.infer<typeof sourceChoice>;

export const fileCalls = {
  inspectFile: {
    request: sourceChoice,
    reply: z.object({
      fileName: z.string(),
      kind: z.enum(['csv', 'workbook']),
      sheets: z.array(z.string()),
      sheet: z.string().optional(),
      encoding: z.string().optional(),
      delimiter: z.string().optional(),
      /** 1-based header row, detected unless given. */
      headerRow: z.number().int(),
      headers: z.array(z.string()),
      /** The first rows above and below the header, raw, for the header-row picker. */
      topRows: z.array(z.array(z.string())),
      previewRows: z.array(z.array(z.string())),
      fingerprint: fileFingerprint,
      /** Jobs made earlier from a file with the same fingerprint. */
      sameFileJobs: z.array(z.object({ jobId: z.string(), createdAt: z.string(), state: jobState })),
    }),
  },
  /**
   * Starts reading the whole file into a new draft job; progress arrives as `readProgress` events. With
   * `rules` (the mapping and target chosen on the inspection's sample) every row is mapped and checked on the
   * way in, in the reader's worker: the job is ready for Preview when the read ends. Without, rows are kept
   * as read until `applyMapping`.
   */
  importFile: {
    request: sourceChoice.extend({
      rules: z.object({ mapping: mappingSpec, options: normaliseOptions, target }).optional(),
    }),
    reply: jobRef,
  },
  cancelRead: { request: jobRef, reply: ok },
} as const;
