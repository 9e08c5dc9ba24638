/** The `--mapping FILE.json` format of docs/cli.md, also how the app imports and exports a profile. */
import { z } from 'zod';
import { type MappingSpec, mappingSpec } from '../contract.ts';

const EXAMPLE =
  '{"fields":{"FIELD":"COLUMN","FIELD2":["COLUMN","COLUMN"]},"constants":{"FIELD":"VALUE"},"phoneFields":["FIELD"]}';
/** Unknown keys are refused: a misspelt "constant" would otherwise be dropped without a word. */
const mappingFile = z.strictObject(mappingSpec.shape);

export function parseMappingFile(
  text: string,
  fileName: string,
): { ok: true; mapping: MappingSpec } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    return { ok: false, reason: `${fileName}: not valid JSON (${(error as Error).message}); expected ${EXAMPLE}` };
  }
  const parsed = mappingFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
    return { ok: false, reason: `${fileName}: ${where}: ${issue.message}; expected ${EXAMPLE}` };
  }
  const mapping = parsed.data;
  for (const [field, source] of Object.entries(mapping.fields)) {
    if (!field.trim()) return { ok: false, reason: `${fileName}: fields: a field name is empty` };
    const parts = typeof source === 'string' ? [source] : source;
    for (const [i, column] of parts.entries()) {
      const where = typeof source === 'string' ? `fields.${field}` : `fields.${field}.${i}`;
      if (!column.trim()) return { ok: false, reason: `${fileName}: ${where}: the column is empty (header text or #N)` };
      if (/^#/.test(column.trim()) && !/^#[1-9]\d*$/.test(column.trim())) {
        return { ok: false, reason: `${fileName}: ${where}: "${column}" is not a column number (#1 is the first column)` };
      }
    }
  }
  return { ok: true, mapping };
}

export function formatMappingFile(mapping: MappingSpec): string {
  return `${JSON.stringify({ fields: mapping.fields, constants: mapping.constants, phoneFields: mapping.phoneFields }, null, 2)}\n`;
}
