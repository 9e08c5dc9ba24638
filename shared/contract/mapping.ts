/** Mappings (columns to lead fields), the options rows are checked with, saved mappings, and applying one to a job. */
import { z } from 'zod';
import { allowDuplicates, jobRef, none, ok } from './common.ts';
import { counts, reasonGroup, target } from './jobs.ts';
import { leadField } from './servers.ts';

/** A mapping as saved in a profile and as `--mapping FILE.json` of the CLI (docs/cli.md). */
export const mappingSpec = z.object({
  /**
   * field name → column header text, or `#N` for the N-th column (1-based); or a list of two or more such
   * columns, combined: their non-empty cells joined by a space (First Name + Surname → Name).
   */
  fields: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(2)])),
  constants: z.record(z.string(), z.string()).default({}),
  phoneFields: z.array(z.string()).default([]),
});
export type MappingSpec = z.infer<typeof mappingSpec>;

/** How a date such as 03/04/2025 is read: day first or month first. */
export const dateOrder = z.enum(['dmy', 'mdy']);
export type DateOrder = z.infer<typeof dateOrder>;

export const normaliseOptions = z.object({
  country: z.string().length(2).default('AU'),
  dateOrder: dateOrder.default('dmy'),
  allowDuplicates,
  /** Contact Hours names the user listed as valid; empty means "not checked". */
  contactHoursNames: z.array(z.string()).default([]),
});
export type NormaliseOptions = z.infer<typeof normaliseOptions>;

export const mappingSuggestion = z.object({
  field: z.string(),
  column: z.string(),
  confidence: z.number().min(0).max(1),
});

export const mappingCalls = {
  suggestMapping: {
    request: z.object({
      /** The file's columns: the inspection's headers, or (`jobId`) a stored job's. One of the two. */
      headers: z.array(z.string()).optional(),
      jobId: z.string().optional(),
      /** The chosen template's recorded fields: a saved mapping is fitted to them. */
      fields: z.array(leadField),
      /** The server and template in hand: a mapping saved for them is preferred. */
      serverId: z.string().optional(),
      templateId: z.number().int().optional(),
    }),
    reply: z.object({
      mapping: mappingSpec,
      suggestions: z.array(mappingSuggestion),
      /** Name of the saved profile chosen because the file's header fingerprint matched. */
      profileName: z.string().optional(),
      /** Fields of that profile the template lacks: left out of `mapping`, never sent. */
      droppedFields: z.array(z.string()).optional(),
    }),
  },
  listProfiles: {
    request: none,
    reply: z.array(
      z.object({
        name: z.string(),
        headerFingerprint: z.string().optional(),
        mapping: mappingSpec,
        serverUrl: z.string().optional(),
        templateId: z.number().int().optional(),
      }),
    ),
  },
  saveProfile: {
    request: z.object({
      name: z.string().min(1),
      /** The file's columns (or a stored job's, by `jobId`): the mapping is offered again for files with these. */
      headers: z.array(z.string()).optional(),
      jobId: z.string().optional(),
      mapping: mappingSpec,
      /** The server and template the mapping is made for. */
      serverId: z.string().optional(),
      templateId: z.number().int().optional(),
    }),
    reply: ok,
  },
  deleteProfile: { request: z.object({ name: z.string() }), reply: ok },

  /**
   * Applies mapping and options to every row of a draft job (normalise + validate), off the main thread;
   * progress arrives as `remapProgress` events. The same mapping and options with another target check only
   * the ledger's warnings (`rechecked: 'ledger'`). `cancelled`: stopped by `cancelRemap`, the job is then
   * left without a mapping until one is applied whole.
   */
  applyMapping: {
    request: z.object({
      jobId: z.string(),
      mapping: mappingSpec,
      options: normaliseOptions,
      target: target.optional(),
    }),
    reply: z.object({
      counts,
      groups: z.array(reasonGroup),
      cancelled: z.boolean().optional(),
      /** What was checked again: every row (`rows`), or only the ledger's warnings (`ledger`: the same rules, another target). */
      rechecked: z.enum(['rows', 'ledger']).optional(),
    }),
  },
  cancelRemap: { request: jobRef, reply: ok },
  /** The mapping and options a job's leads were last checked by (none while a new mapping is being applied). */
  getJobMapping: {
    request: jobRef,
    reply: z.object({ mapping: mappingSpec.optional(), options: normaliseOptions.optional() }),
  },
} as const;
