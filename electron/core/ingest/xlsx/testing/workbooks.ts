/** Hand-made .xlsx files for tests: the fewest parts Excel's format needs, around the sheets given. */
import { type ZipEntry, zipSync } from './zip-writer.ts';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface SheetPart {
  name: string;
  /** The worksheet XML as written. */
  xml: string;
  /** When the archive should declare another inflated size for it (a zip bomb's lie). */
  declaredSize?: number;
}

export function workbookXlsx(sheets: SheetPart[], sharedStrings?: string): Buffer {
  const entries: ZipEntry[] = [
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join(
          '',
        )}${sharedStrings === undefined ? '' : `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`}</Relationships>`,
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: s.xml, declaredSize: s.declaredSize })),
  ];
  if (sharedStrings !== undefined) entries.push({ name: 'xl/sharedStrings.xml', data: sharedStrings });
  return zipSync(entries);
}

/** A worksheet of the given rows of text cells (`t="str"`). */
export function sheetXml(rows: string[][]): string {
  const body = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">${cells.map((v, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="str"><v>${v}</v></c>`).join('')}</row>`,
    )
    .join('');
  return `<worksheet xmlns="${MAIN}"><sheetData>${body}</sheetData></worksheet>`;
}
