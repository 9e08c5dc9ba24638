/** What is cleared when what it depends on changes: a template, or the job in hand. */
import type { AppState } from '../store.ts';

/** What a template decides: its campaigns and allocations, its recorded fields, and the mapping made for them. */
export const TEMPLATE_DEPENDENTS = {
  campaignId: undefined,
  allocationId: undefined,
  mapping: { fields: {}, constants: {}, phoneFields: [] },
  fields: [],
  contactHoursNames: [],
  fieldsOf: undefined,
  mappingFor: undefined,
  suggestions: [],
  profileName: undefined,
  droppedFields: [],
  chosenByHand: [],
} satisfies Partial<AppState>;

/** What belongs to one job: its mapping and the counts and reasons its rows were checked into. */
export const JOB_DEPENDENTS = {
  mapping: { fields: {}, constants: {}, phoneFields: [] },
  mappingFor: undefined,
  suggestions: [],
  profileName: undefined,
  droppedFields: [],
  chosenByHand: [],
  counts: undefined,
  groups: [],
} satisfies Partial<AppState>;
