import { headerFingerprint, suggestMapping } from '../../../shared/leads/mapping.ts';
import type { Catalogue } from '../catalogue/catalogue.ts';
import type { Handlers } from './types.ts';

export function mappingHandlers(deps: {
  catalogue: Catalogue;
  serverUrlOf(serverId: string): string;
  jobHeaders(jobId: string): string[];
}): Pick<
  Handlers,
  'getTemplateFields' | 'saveTemplateFields' | 'suggestMapping' | 'listProfiles' | 'saveProfile' | 'deleteProfile'
> {
  const { catalogue } = deps;
  return {
    async getTemplateFields({ serverId, templateId }) {
      return catalogue.template(deps.serverUrlOf(serverId), templateId);
    },
    async saveTemplateFields({ serverId, templateId, fields, contactHoursNames }) {
      catalogue.saveTemplate(deps.serverUrlOf(serverId), templateId, fields, contactHoursNames);
      return { ok: true };
    },
    async suggestMapping({ jobId, fields }) {
      const headers = deps.jobHeaders(jobId);
      const suggested = suggestMapping(headers, fields);
      const profile = catalogue.profileForHeaders(headerFingerprint(headers));
      if (profile) return { mapping: profile.mapping, suggestions: suggested.suggestions, profileName: profile.name };
      return suggested;
    },
    async listProfiles() {
      return catalogue.profiles();
    },
    async saveProfile({ name, jobId, mapping }) {
      catalogue.saveProfile({
        name: name.trim(),
        headerFingerprint: jobId ? headerFingerprint(deps.jobHeaders(jobId)) : undefined,
        mapping,
      });
      return { ok: true };
    },
    async deleteProfile({ name }) {
      catalogue.deleteProfile(name);
      return { ok: true };
    },
  };
}
