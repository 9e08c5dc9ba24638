/** The upload's options read into what the core takes: the server, the mapping and checks, the send settings. */
import { readFileSync } from 'node:fs';
import { dateOrder, type MappingSpec, type NormaliseOptions, type SendSettings } from '../../shared/contract.ts';
import { defaultMapping } from '../../shared/leads/mapping.ts';
import { parseMappingFile } from '../../shared/leads/mapping-file.ts';
import { normaliseServerUrl } from '../../shared/server-url.ts';
import { type CliValues, pairs, positiveInt, UsageError } from './args.ts';
import { safetySettings } from './safety-options.ts';

export function serverBase(values: CliValues): string {
  if (!values.server) throw new UsageError('--server is required');
  const url = normaliseServerUrl(values.server);
  if (!url.ok) throw new UsageError(url.reason);
  return url.base;
}

export function buildSpec(values: CliValues, headers: string[]): { mapping: MappingSpec; options: NormaliseOptions } {
  let mapping: MappingSpec;
  const explicit = pairs('map', values.map);
  const constants = pairs('set', values.set);
  if (values.mapping) {
    let text: string;
    try {
      text = readFileSync(values.mapping, 'utf8');
    } catch {
      throw new UsageError(`--mapping ${values.mapping}: the file cannot be read`);
    }
    const file = parseMappingFile(text, values.mapping);
    if (!file.ok) throw new UsageError(file.reason);
    mapping = file.mapping;
    Object.assign(mapping.fields, explicit);
  } else if (Object.keys(explicit).length) {
    mapping = { fields: explicit, constants: {}, phoneFields: [] };
  } else {
    const d = defaultMapping(headers);
    if (!d.ok) throw new UsageError(d.reason);
    mapping = d.mapping;
  }
  mapping.constants = { ...mapping.constants, ...constants };
  mapping.phoneFields = [...new Set([...mapping.phoneFields, ...values['phone-field']])];
  const order = dateOrder.safeParse(values['date-order']);
  if (!order.success) throw new UsageError('--date-order must be dmy or mdy');
  if (!/^[A-Za-z]{2}$/.test(values.country))
    throw new UsageError(`--country must be a two-letter country code (got "${values.country}")`);
  return {
    mapping,
    options: {
      country: values.country.toUpperCase(),
      dateOrder: order.data,
      allowDuplicates: values['allow-duplicates'],
      contactHoursNames: [],
    },
  };
}

export function sendSettings(values: CliValues): SendSettings {
  const method = values.method;
  if (method !== 'insertLeads' && method !== 'insertLeadFast')
    throw new UsageError('--method must be insertLeads or insertLeadFast');
  const endpoint = values['batch-endpoint'] ?? 'insertLeads';
  if (!/^[A-Za-z]+$/.test(endpoint)) throw new UsageError('--batch-endpoint must be a method name such as insertLeadsFast');
  return {
    method,
    batchEndpoint: endpoint,
    batchSize: positiveInt('batch-size', values['batch-size'], { max: 5000 }),
    concurrency: positiveInt('concurrency', values.concurrency, { max: 16 }),
    allowDuplicates: values['allow-duplicates'],
    ...safetySettings(values),
  };
}
