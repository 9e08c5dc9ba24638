/**
 * Where the job-service tests send: template 41, campaign 41, allocation 38 of a simulator at `url`, as the
 * service resolves it (`resolveTarget`, with the key) and as a job stores it (`target`, without).
 */
import type { InsertTarget } from '../campaigner/insert.ts';

export function simulatorTarget(url: string, apiKey: string) {
  const ids = { templateId: 41, campaignId: 41, allocationId: 38 };
  return {
    resolveTarget: async (): Promise<InsertTarget> => ({ base: url, apiKey, ...ids, allowDuplicates: false }),
    target: { serverUrl: url, ...ids },
  };
}
