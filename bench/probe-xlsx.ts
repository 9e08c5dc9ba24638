/** Writes a generated workbook of N lead rows (SheetJS), in its own process so its memory is not counted. */
import { writeFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { mulberry32 } from '../simulator/faults.ts';
import { BENCH_HEADERS, benchRow } from './generate.ts';
import { report } from './measure.ts';

const [file, rowsText] = process.argv.slice(2);
const rows = Number(rowsText);
const random = mulberry32(42);
const data: (string | number)[][] = [BENCH_HEADERS];
for (let i = 1; i <= rows; i++) {
  const text = benchRow(i, random).map((c) => c.replace(/^"|"$/g, ''));
  const cells: (string | number)[] = [...text];
  cells[5] = Number(text[5].replace(/\D/g, '')); // phones stored as numbers, as Excel does
  data.push(cells);
}
const book = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(data, { dense: true }), 'Leads');
writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }));
report({ rows });
