/**
 * A mapping belongs to a template: of a saved mapping, only the fields the chosen template has are sent.
 * "Has" means recorded for the template (ignoring case; sent in the template's spelling) or a system field.
 * When nothing is recorded for the template there is nothing to check against, and the mapping is kept.
 */
import type { LeadField, MappingSpec } from '../contract.ts';
import { systemFieldFor } from './mapping.ts';

export interface FittedMapping {
  mapping: MappingSpec;
  /** Fields of the mapping the template lacks: left out, never sent. */
  dropped: string[];
}

export function fitMappingToTemplate(mapping: MappingSpec, templateFields: readonly LeadField[]): FittedMapping {
  if (templateFields.length === 0) return { mapping, dropped: [] };
  const byName = new Map(templateFields.map((f) => [f.name.toLowerCase(), f.name]));
  const nameOnTemplate = (field: string) => systemFieldFor(field) ?? byName.get(field.toLowerCase());
  const dropped: string[] = [];
  const keep = <T>(entries: Record<string, T>): Record<string, T> => {
    const kept: Record<string, T> = {};
    for (const [field, value] of Object.entries(entries)) {
      const name = nameOnTemplate(field);
      if (name === undefined) dropped.push(field);
      else kept[name] = value;
    }
    return kept;
  };
  const fields = keep(mapping.fields);
  const constants = keep(mapping.constants ?? {});
  const phoneFields = (mapping.phoneFields ?? []).flatMap((f) => {
    const name = nameOnTemplate(f);
    return name === undefined ? [] : [name];
  });
  return { mapping: { fields, constants, phoneFields }, dropped: [...new Set(dropped)] };
}

/** "Email and Fax are not fields of this template: they are left out." */
export function droppedNote(dropped: readonly string[], where = 'this template'): string {
  const names = dropped.join(', ');
  return dropped.length === 1
    ? `${names} is not a field of ${where}: it is left out and will not be sent.`
    : `${names} are not fields of ${where}: they are left out and will not be sent.`;
}
