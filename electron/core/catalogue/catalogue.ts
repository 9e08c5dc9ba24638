/**
 * What the Campaigner API cannot tell: each template's lead fields and Contact Hours names, recorded once
 * by the user per server and template, and saved mapping profiles, picked again when a file with the same
 * header row is opened. Two JSON files in `<data dir>/catalogue/`.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { type LeadField, leadField, mappingSpec } from '../../../shared/contract.ts';
import { headerFingerprint, systemFieldFor } from '../../../shared/leads/mapping.ts';
import { formatMappingFile, parseMappingFile } from '../../../shared/leads/mapping-file.ts';
import { normaliseServerUrl } from '../../../shared/server-url.ts';
import { UserError } from '../errors.ts';
import { jsonFile } from './json-file.ts';

const templateEntry = z.object({
  serverUrl: z.string(),
  templateId: z.number().int(),
  fields: z.array(leadField),
  contactHoursNames: z.array(z.string()).default([]),
  updatedAt: z.string().optional(),
});
const templatesFile = z.object({ version: z.literal(1), templates: z.array(templateEntry) });

export const profile = z.object({
  name: z.string().min(1),
  headerFingerprint: z.string().optional(),
  mapping: mappingSpec,
  /** The server and template the mapping was made for: it is preferred there, and fitted to any other. */
  serverUrl: z.string().optional(),
  templateId: z.number().int().optional(),
});
export type Profile = z.infer<typeof profile>;
const profilesFile = z.object({ version: z.literal(1), profiles: z.array(profile) });

export interface TemplateFields {
  fields: LeadField[];
  contactHoursNames: string[];
}

/** The same server however its address was typed (`pbx.example.com/`, `HTTPS://PBX.example.com`). */
export function serverKey(serverUrl: string): string {
  const normalised = normaliseServerUrl(serverUrl);
  return normalised.ok ? normalised.base : serverUrl.trim().toLowerCase();
}

/** Field names trimmed, none empty, none twice (ignoring case: the server would see one field). */
function checkedFields(fields: readonly LeadField[]): LeadField[] {
  const seen = new Map<string, string>();
  return fields.map((field) => {
    const name = field.name.trim();
    if (!name) throw new UserError('bad-template-fields', 'A lead field needs a name.');
    const system = systemFieldFor(name);
    if (system) {
      throw new UserError(
        'bad-template-fields',
        `"${name}" is the system field ${system}: it is always offered, so it is not recorded as a template field. Remove it.`,
      );
    }
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined) {
      throw new UserError('bad-template-fields', `The field "${name}" is listed twice (also as "${earlier}"): keep one.`);
    }
    seen.set(name.toLowerCase(), name);
    return { ...field, name };
  });
}

function checkedContactHours(names: readonly string[]): string[] {
  const unique = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name && !unique.has(name.toLowerCase())) unique.set(name.toLowerCase(), name);
  }
  return [...unique.values()];
}

function checkedProfileName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new UserError('bad-profile', 'A mapping profile needs a name.');
  if (trimmed.length > 120) throw new UserError('bad-profile', 'A mapping profile name must be at most 120 characters.');
  return trimmed;
}

export function openCatalogue(dataDir: string) {
  const folder = join(dataDir, 'catalogue');
  const templates = jsonFile(join(folder, 'templates.json'), templatesFile, () => ({ version: 1 as const, templates: [] }));
  const profiles = jsonFile(join(folder, 'profiles.json'), profilesFile, () => ({ version: 1 as const, profiles: [] }));
  const sameTemplate = (serverUrl: string, templateId: number) => {
    const key = serverKey(serverUrl);
    return (t: { serverUrl: string; templateId: number }) => t.templateId === templateId && serverKey(t.serverUrl) === key;
  };
  const sameName = (name: string) => (p: Profile) => p.name.toLowerCase() === name.toLowerCase();

  const catalogue = {
    /** The fields and Contact Hours names recorded for a template; empty lists when none were. */
    template(serverUrl: string, templateId: number): TemplateFields {
      const entry = templates.read().templates.find(sameTemplate(serverUrl, templateId));
      // A system field recorded as a template field (possible before this was refused) is the system field.
      const fields = (entry?.fields ?? []).filter((f) => systemFieldFor(f.name) === undefined);
      return { fields, contactHoursNames: entry?.contactHoursNames ?? [] };
    },

    saveTemplate(serverUrl: string, templateId: number, fields: readonly LeadField[], contactHoursNames: readonly string[]) {
      const entry = {
        serverUrl: serverKey(serverUrl),
        templateId,
        fields: checkedFields(fields),
        contactHoursNames: checkedContactHours(contactHoursNames),
        updatedAt: new Date().toISOString(),
      };
      const data = templates.read();
      const others = data.templates.filter((t) => !sameTemplate(serverUrl, templateId)(t));
      templates.write({ ...data, templates: [...others, entry] });
    },

    profiles: (): Profile[] => profiles.read().profiles,

    profile(name: string): Profile | undefined {
      return profiles.read().profiles.find(sameName(name.trim()));
    },

    /** Saves a profile, replacing one of the same name (ignoring case). */
    saveProfile(input: Profile) {
      const name = checkedProfileName(input.name);
      const saved = profile.parse({ ...input, name });
      const data = profiles.read();
      profiles.write({ ...data, profiles: [...data.profiles.filter((p) => !sameName(name)(p)), saved] });
    },

    deleteProfile(name: string) {
      const data = profiles.read();
      const kept = data.profiles.filter((p) => !sameName(name.trim())(p));
      if (kept.length === data.profiles.length) {
        throw new UserError('unknown-profile', `There is no mapping profile named "${name.trim()}".`);
      }
      profiles.write({ ...data, profiles: kept });
    },

    /**
     * The profile saved for files with this header fingerprint: one made for this server and template first,
     * then the most recently saved.
     */
    profileForHeaders(fingerprint: string, made?: { serverUrl: string; templateId: number }): Profile | undefined {
      const candidates = profiles.read().profiles.filter((p) => p.headerFingerprint === fingerprint);
      const here = made
        ? candidates.findLast(
            (p) =>
              p.serverUrl !== undefined &&
              p.templateId !== undefined &&
              sameTemplate(made.serverUrl, made.templateId)({ serverUrl: p.serverUrl, templateId: p.templateId }),
          )
        : undefined;
      return here ?? candidates.at(-1);
    },

    findProfileForHeaders(headers: readonly string[], made?: { serverUrl: string; templateId: number }): Profile | undefined {
      return catalogue.profileForHeaders(headerFingerprint(headers), made);
    },

    /** A profile as docs/cli.md's `--mapping` file, for the command line or another computer. */
    exportProfile(name: string): string {
      const found = catalogue.profile(name);
      if (!found) throw new UserError('unknown-profile', `There is no mapping profile named "${name.trim()}".`);
      return formatMappingFile(found.mapping);
    },

    /** Reads a `--mapping` file into a profile; `headers`, when given, lets it be picked for such files. */
    importProfile(name: string, text: string, fileName: string, headers?: readonly string[]): Profile {
      const parsed = parseMappingFile(text, fileName);
      if (!parsed.ok) throw new UserError('bad-mapping-file', parsed.reason);
      const imported: Profile = {
        name: checkedProfileName(name),
        headerFingerprint: headers ? headerFingerprint(headers) : undefined,
        mapping: parsed.mapping,
      };
      catalogue.saveProfile(imported);
      return imported;
    },
  };
  return catalogue;
}

export type Catalogue = ReturnType<typeof openCatalogue>;
