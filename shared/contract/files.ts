/** Reading a file: inspecting it, reading it whole into a draft job, stopping a read. */
import { z } from 'zod';
import { jobRef, ok } from './common.ts';
import { jobState } from './jobs.ts';

export const fileFingerprint = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  headSha256: z.string(),
});
export type FileFingerprint = z.infer<typeof fileFingerprint>;

export const fileCalls = {
  inspectFile: {
    request: z.object({
      path: z.string(),
      sheet: z.string().optional(),
      headerRow: z.number().int().min(1).optional(),
      encoding: z.string().optional(),
      delimiter: z.string().max(1).optional(),
    }),
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
  /** Starts reading the whole file into a new draft job; progress arrives as `readProgress` events. */
  importFile: {
    request: z.object({
      path: z.string(),
      sheet: z.string().optional(),
      headerRow: z.number().int().min(1).optional(),
      encoding: z.string().optional(),
      delimiter: z.string().max(1).optional(),
    }),
    reply: jobRef,
  },
  cancelRead: { request: jobRef, reply: ok },
} as const;
