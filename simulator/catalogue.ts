/** What the simulated server has: one template, its campaigns and their allocations, and the API's paths. */
export const TEMPLATES = [{ id: 41, name: 'Sales' }];
export const CAMPAIGNS = [
  { id: 41, name: 'Jan16a', templateId: 41 },
  { id: 42, name: 'Feb16b', templateId: 41 },
];
export const ALLOCATIONS = [
  { id: 38, name: 'Jan16a-1', campaignId: 41 },
  { id: 39, name: 'Jan16a-2', campaignId: 41 },
  { id: 40, name: 'Feb16b-1', campaignId: 42 },
];
/** Noojee advises keeping an allocation under this many leads; the state lists allocations past it. */
export const ALLOCATION_ADVISED_MAX = 10_000;
export const API = '/servicemanager/rest/CampaignAPI/';
export const INSERT_METHODS = new Set(['insertLeads', 'insertLeadsFast', 'insertLeadFast']);
