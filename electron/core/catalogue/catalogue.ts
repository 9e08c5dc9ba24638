/**
 * What the API cannot tell: each template's lead fields and Contact Hours names, recorded once by the user,
 * and saved mapping profiles, picked again when a file with the same header row is opened.
 * A small JSON file in the data folder, replaced atomically on every change.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { leadField, mappingSpec } from '../../../shared/contract.ts';

const catalogueFile = z.object({
  templates: z
    .record(z.string(), z.object({ fields: z.array(leadField), contactHoursNames: z.array(z.string()).default([]) }))
    .default({}),
  profiles: z.array(z.object({ name: z.string(), headerFingerprint: z.string().optional(), mapping: mappingSpec })).default([]),
});
type CatalogueData = z.infer<typeof catalogueFile>;
export type Profile = CatalogueData['profiles'][number];

export const templateKey = (serverUrl: string, templateId: number) => `${serverUrl}#${templateId}`;

export function openCatalogue(dataDir: string) {
  const file = join(dataDir, 'catalogue.json');
  let data: CatalogueData;
  try {
    data = catalogueFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError) && !(error instanceof z.ZodError))
      throw error;
    data = { templates: {}, profiles: [] };
  }
  const save = () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(data, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  return {
    template(serverUrl: string, templateId: number) {
      return data.templates[templateKey(serverUrl, templateId)] ?? { fields: [], contactHoursNames: [] };
    },
    saveTemplate(serverUrl: string, templateId: number, fields: z.infer<typeof leadField>[], contactHoursNames: string[]) {
      data.templates[templateKey(serverUrl, templateId)] = { fields, contactHoursNames };
      save();
    },
    profiles: (): Profile[] => [...data.profiles],
    saveProfile(profile: Profile) {
      data.profiles = [...data.profiles.filter((p) => p.name !== profile.name), profile];
      save();
    },
    deleteProfile(name: string) {
      data.profiles = data.profiles.filter((p) => p.name !== name);
      save();
    },
    profileForHeaders(fingerprint: string): Profile | undefined {
      return data.profiles.findLast((p) => p.headerFingerprint === fingerprint);
    },
  };
}

export type Catalogue = ReturnType<typeof openCatalogue>;
