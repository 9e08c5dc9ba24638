/**
 * The naive sender a simple script would be: one lead per insertLeadFast call, one call at a time.
 * Sends the first `count` leads of the file's shape against the given simulator and reports leads/s.
 */
import { parseArgs } from 'node:util';
import { mulberry32 } from '../simulator/faults.ts';
import { benchRow } from './generate.ts';
import { report } from './measure.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    key: { type: 'string' },
    count: { type: 'string', default: '100' },
    offset: { type: 'string', default: '5000000' },
  },
});
const count = Number(values.count);
const random = mulberry32(7);
const base = `${values.url}/servicemanager/rest/CampaignAPI/insertLeadFast`;
const started = performance.now();
let ok = 0;
for (let i = 0; i < count; i++) {
  const cells = benchRow(Number(values.offset) + i, random);
  const lead = { Name: cells[0], City: cells[2], State: cells[3], PostCode: cells[4], FirstPhone: cells[5].replace(/\D/g, '') };
  const url = `${base}?fTemplateId=41&fCampaignId=42&fAllocationId=40&apiKey=${encodeURIComponent(values.key ?? '')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(lead),
  });
  const body = (await response.json()) as { code: number };
  if (body.code === 0) ok++;
}
const seconds = (performance.now() - started) / 1000;
report({ leads: count, accepted: ok, seconds, leadsPerSec: count / seconds });
