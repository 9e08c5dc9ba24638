/**
 * Generated inputs for the benchmarks: realistic 12-column lead files (names, addresses, two AU phones,
 * an external id, a priority), deterministic for a given seed so every run reads the same bytes.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mulberry32 } from '../simulator/faults.ts';

export const BENCH_HEADERS = [
  'Name',
  'StreetAddress',
  'City',
  'State',
  'PostCode',
  'FirstPhone',
  'SecondPhone',
  'Email',
  'Account #',
  'njPriority',
  'Company',
  'Notes',
];

const FIRST = ['Jane', 'John', 'Zoë', 'Renée', 'Wei', 'Aroha', 'Liam', 'Priya', 'Mohammed', 'Olivia', 'Noah', 'Chloé'];
const LAST = ['Smith', 'Müller', "O'Brien", 'Nguyen', 'Singh', 'Brown', 'Wilson', 'Taylor', 'Anderson', 'Thomas'];
const CITIES = [
  ['Abbotsford', 'VIC', '3067'],
  ['Yarraville', 'VIC', '3013'],
  ['Parramatta', 'NSW', '2150'],
  ['Fortitude Valley', 'QLD', '4006'],
  ['Fremantle', 'WA', '6160'],
  ['Glenelg', 'SA', '5045'],
];
const STREETS = ['Hoddle St', 'Main St', 'Smith St', 'Church St', 'High St', 'Victoria Pde'];

/** Row i's cells. Phones are unique per row so that no lead is a duplicate of another. */
export function benchRow(i: number, random: () => number): string[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const [city, state, postcode] = pick(CITIES);
  const first = pick(FIRST);
  const last = pick(LAST);
  const landline = `03${String(80_000_000 + i).padStart(8, '0')}`;
  const mobile = `04${String(10_000_000 + i).padStart(8, '0')}`;
  return [
    `${first} ${last}`,
    `${1 + Math.floor(random() * 200)} ${pick(STREETS)}`,
    city,
    state,
    postcode,
    i % 3 === 0 ? `(03) ${landline.slice(2, 6)} ${landline.slice(6)}` : landline,
    i % 2 === 0 ? mobile : '',
    `${first.toLowerCase()}.${i}@example.com`,
    `ACC${String(i).padStart(8, '0')}`,
    String(Math.floor(random() * 100)),
    i % 5 === 0 ? `"${last} & Sons, Pty Ltd"` : `${last} Pty Ltd`,
    i % 7 === 0 ? 'Prefers mornings' : '',
  ];
}

export async function writeBenchCsv(path: string, rows: number, seed = 42): Promise<void> {
  const random = mulberry32(seed);
  const out = createWriteStream(path);
  out.write(`${BENCH_HEADERS.join(',')}\n`);
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    chunk += `${benchRow(i, random).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
