/** A job's rows: pages, filters, a cell edited, corrections of many rows, undo and redo. */
import { z } from 'zod';
import { bulkAction } from '../corrections.ts';
import { jobRef } from './common.ts';
import { counts, issue, leadStatus } from './jobs.ts';

export const rowView = z.object({
  /** 1-based source row number counting the header row, as a spreadsheet shows it. */
  rowNumber: z.number().int(),
  /** The original cells, in source column order. */
  source: z.array(z.string()),
  /** What will be (or was) sent: field → value. */
  payload: z.record(z.string(), z.string()),
  status: leadStatus,
  issues: z.array(issue),
  /** Server reason for rejected leads. */
  reason: z.string().optional(),
  edited: z.boolean(),
  /** Changed by a person after it was refused or found invalid: "resubmit fixed leads" sends it. */
  fixed: z.boolean().default(false),
  /** The cells as read from the file, when a person has changed them since (shown on hover). */
  original: z.array(z.string()).optional(),
});
export type RowView = z.infer<typeof rowView>;

export const rowFilter = z.enum([
  'all',
  'valid',
  'invalid',
  'warnings',
  'rejected',
  'notAccepted',
  // each group of the finished screen: accepted, updated, not sent (stopped or cancelled), to check
  'imported',
  'updated',
  'notSent',
  'toCheck',
  'changed', // edited by a person
  'skipped',
  'fixed', // fixed after being refused or found invalid, not yet sent
]);
export type RowFilter = z.infer<typeof rowFilter>;

/** Which rows a correction applies to: every part given must hold (rows, filter, reason group, search). */
export const selection = z.object({
  /** Source row numbers (counting the header row), each a number or a [first, last] range. */
  rows: z.array(z.union([z.number().int(), z.tuple([z.number().int(), z.number().int()])])).optional(),
  filter: rowFilter.optional(),
  /** A reason group as getReasonGroups names it. */
  reason: z.string().optional(),
  /** Rows with this text in any cell, ignoring case. */
  search: z.string().optional(),
});
export type Selection = z.infer<typeof selection>;

/** What a correction did (or, for a preview, would do). */
export const editSummary = z.object({
  label: z.string(),
  /** Rows the selection matched. */
  selected: z.number().int(),
  /** Rows changed (or that would change). */
  changed: z.number().int(),
  /** Changed rows that were not valid before and are now. */
  becameValid: z.number().int(),
  /** Changed rows that are valid (will be sent) now. */
  nowValid: z.number().int(),
  /** Changed rows still invalid. */
  stillInvalid: z.number().int(),
  /** Selected rows left alone because they were sent already. */
  alreadySent: z.number().int(),
  counts,
});
export type EditSummary = z.infer<typeof editSummary>;

export const editStep = z.object({
  label: z.string(),
  rows: z.number().int(),
  /** Of its leads, how many were sent to the server since (or are being sent): then it cannot be undone or redone. */
  sent: z.number().int().default(0),
});
/** What undo and redo would do now, and the fields a correction can name (each with the column it is taken from). */
export const editState = z.object({
  undo: editStep.optional(),
  redo: editStep.optional(),
  fields: z.array(z.object({ field: z.string(), column: z.string() })).default([]),
});
export type EditState = z.infer<typeof editState>;

export const rowCalls = {
  getRows: {
    request: z.object({
      jobId: z.string(),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(2000),
      filter: rowFilter.default('all'),
      reason: z.string().optional(),
      /** Rows with this text in any cell, ignoring case. */
      search: z.string().optional(),
    }),
    reply: z.object({ total: z.number().int(), columns: z.array(z.string()), rows: z.array(rowView) }),
  },
  editRow: {
    request: z.object({
      jobId: z.string(),
      rowNumber: z.number().int(),
      /** source column index → new cell text. */
      cells: z.record(z.string(), z.string()),
    }),
    reply: rowView,
  },

  // corrections (bulk edits, undo, redo); progress arrives as `editProgress` events
  editRows: {
    request: z.object({
      jobId: z.string(),
      selection,
      action: bulkAction,
      /** Count what would change, change nothing. */
      dryRun: z.boolean().default(false),
      /** Make the change even when it leaves every changed row invalid. */
      allowAllInvalid: z.boolean().default(false),
    }),
    reply: editSummary,
  },
  undoEdit: { request: jobRef, reply: z.object({ label: z.string(), changed: z.number().int(), counts }) },
  redoEdit: { request: jobRef, reply: z.object({ label: z.string(), changed: z.number().int(), counts }) },
  getEditState: { request: jobRef, reply: editState },
} as const;
