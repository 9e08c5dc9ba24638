/** Small schemas the groups of calls share. */
import { z } from 'zod';

/** A call that takes nothing. */
export const none = z.object({}).strict();
/** A call that answers only that it was done. */
export const ok = z.object({ ok: z.literal(true) });
export const jobRef = z.object({ jobId: z.string() });

/**
 * Whether a lead whose phone (or external id) is already in the campaign is loaded again: one choice, both
 * where rows are checked (normaliseOptions) and where they are sent (sendSettings).
 */
export const allowDuplicates = z.boolean().default(false);
