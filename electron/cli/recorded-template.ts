/**
 * The command line and the app share one catalogue of template fields (recorded in the app's Map step,
 * per server and template). When the target's template has fields recorded there, a mapping is fitted to
 * them: fields the template lacks are not sent, and each is named on stderr. Where nothing is recorded the
 * mapping is sent as given, as docs/cli.md always promised.
 */
import type { LeadField, MappingSpec } from '../../shared/contract.ts';
import { fitMappingToTemplate } from '../../shared/leads/template-fit.ts';
import { openCatalogue } from '../core/catalogue/catalogue.ts';

export function fitToRecordedTemplate(
  dataDir: string,
  target: { serverUrl: string; templateId: number } | undefined,
  mapping: MappingSpec,
  warn: (line: string) => void,
): { mapping: MappingSpec; fields?: LeadField[]; contactHoursNames: string[] } {
  if (!target) return { mapping, contactHoursNames: [] };
  const recorded = openCatalogue(dataDir).template(target.serverUrl, target.templateId);
  if (recorded.fields.length === 0) return { mapping, contactHoursNames: recorded.contactHoursNames };
  const fitted = fitMappingToTemplate(mapping, recorded.fields);
  for (const field of fitted.dropped) {
    warn(`warning: ${field} is not a field of template ${target.templateId} as recorded on this computer: it is not sent`);
  }
  return { mapping: fitted.mapping, fields: recorded.fields, contactHoursNames: recorded.contactHoursNames };
}
