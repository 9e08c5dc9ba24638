/** The `--mapping FILE.json` format of docs/cli.md, also how the app imports and exports a profile. */
import { type MappingSpec, mappingSpec } from '../contract.ts';

export function parseMappingFile(
  text: string,
  fileName: string,
): { ok: true; mapping: MappingSpec } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${fileName}: not valid JSON (${(error as Error).message})` };
  }
  const parsed = mappingSpec.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `${fileName}: ${issue.path.join('.') || 'the file'}: ${issue.message} (expected {"fields":{"FIELD":"COLUMN"},"constants":{},"phoneFields":[]})`,
    };
  }
  return { ok: true, mapping: parsed.data };
}

export function formatMappingFile(mapping: MappingSpec): string {
  return `${JSON.stringify({ fields: mapping.fields, constants: mapping.constants, phoneFields: mapping.phoneFields }, null, 2)}\n`;
}
