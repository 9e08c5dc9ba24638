/**
 * The mapping step's calls: the template field catalogue, suggestions (a saved profile first, when the
 * file's header row matches one), and mapping profiles.
 */
import { headerFingerprint, suggestMapping } from '../../../shared/leads/mapping.ts';
import { fitMappingToTemplate } from '../../../shared/leads/template-fit.ts';
import { type Catalogue, openCatalogue } from '../catalogue/catalogue.ts';
import { UserError } from '../errors.ts';
import type { Handlers } from './types.ts';

export type MappingHandlers = Pick<
  Handlers,
  'getTemplateFields' | 'saveTemplateFields' | 'suggestMapping' | 'listProfiles' | 'saveProfile' | 'deleteProfile'
>;

export interface MappingDeps {
  /** Where the catalogue lives; or pass an open `catalogue` to share it with other handlers. */
  dataDir?: string;
  catalogue?: Catalogue;
  serverUrlOf(serverId: string): string;
  jobHeaders(jobId: string): string[];
}

export function mappingHandlers(deps: MappingDeps): MappingHandlers {
  const catalogue = deps.catalogue ?? (deps.dataDir !== undefined ? openCatalogue(deps.dataDir) : undefined);
  if (!catalogue) throw new Error('mappingHandlers needs a dataDir or a catalogue');
  /** The file's columns as the inspection gave them, or a stored job's. */
  const headersOf = (headers: string[] | undefined, jobId: string | undefined): string[] => {
    if (headers) return headers;
    if (jobId) return deps.jobHeaders(jobId);
    throw new UserError('bad-request', 'Say whose columns to map: the file’s headers or a job.');
  };
  return {
    async getTemplateFields({ serverId, templateId }) {
      return catalogue.template(deps.serverUrlOf(serverId), templateId);
    },
    async saveTemplateFields({ serverId, templateId, fields, contactHoursNames }) {
      catalogue.saveTemplate(deps.serverUrlOf(serverId), templateId, fields, contactHoursNames);
      return { ok: true };
    },
    async suggestMapping({ headers: given, jobId, fields, serverId, templateId }) {
      const headers = headersOf(given, jobId);
      const suggested = suggestMapping(headers, fields);
      const made = serverId && templateId !== undefined ? { serverUrl: deps.serverUrlOf(serverId), templateId } : undefined;
      const profile = catalogue.findProfileForHeaders(headers, made);
      if (!profile) return suggested;
      // The saved mapping wins, as far as the template has its fields; the suggestions still travel, for
      // fields the profile leaves unmapped.
      const fitted = fitMappingToTemplate(profile.mapping, fields);
      return {
        mapping: fitted.mapping,
        suggestions: suggested.suggestions,
        profileName: profile.name,
        droppedFields: fitted.dropped,
      };
    },
    async listProfiles() {
      return catalogue.profiles();
    },
    async saveProfile({ name, headers, jobId, mapping, serverId, templateId }) {
      catalogue.saveProfile({
        name,
        headerFingerprint: headers || jobId ? headerFingerprint(headersOf(headers, jobId)) : undefined,
        mapping,
        serverUrl: serverId ? deps.serverUrlOf(serverId) : undefined,
        templateId,
      });
      return { ok: true };
    },
    async deleteProfile({ name }) {
      catalogue.deleteProfile(name);
      return { ok: true };
    },
  };
}
