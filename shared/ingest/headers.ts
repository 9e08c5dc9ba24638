/**
 * Where the header row is and what its names are. Files often carry a title or export date above the
 * header; the header is the first row whose cells are mostly filled, distinct, non-numeric text.
 */
export function detectHeaderRow(rows: readonly (readonly string[])[]): number {
  const widths = rows.map((r) => r.filter((c) => c.trim() !== '').length);
  const widest = Math.max(0, ...widths);
  if (widest === 0) return 1;
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i].map((c) => c.trim()).filter(Boolean);
    if (cells.length < Math.max(1, Math.ceil(widest * 0.6))) continue;
    const distinct = new Set(cells.map((c) => c.toLowerCase())).size >= Math.ceil(cells.length * 0.6);
    const textual = cells.filter((c) => !/^[\d\s.,+()/:-]+$/.test(c)).length >= cells.length * 0.8;
    if (distinct && textual) return i + 1;
  }
  return 1;
}

/** Header names made unique and visible: "Phone", "Phone (2)"; an empty header becomes "Column 5". */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `Column ${i + 1}`;
    const key = base.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

const CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * The delimiter among `, ; \t |` that splits the sample's lines most consistently (same count on every
 * line, the more the better). Quoted text is skipped so commas inside names do not count.
 */
export function detectDelimiter(sample: string): string {
  const lines = splitSampleLines(sample, 30);
  let best: { delimiter: string; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of CANDIDATES) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    // The most common count wins, so a title line above the header does not decide.
    const frequency = new Map<number, number>();
    for (const c of counts) if (c > 0) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    const [typical, times] = [...frequency].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
    if (typical === 0) continue;
    const score = (times / counts.length) * 10 + Math.min(typical, 50) / 50;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** The sample's first `limit` non-blank lines; quoted line breaks stay inside their line. */
function splitSampleLines(sample: string, limit: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  // Only the first lines are looked at: a 512 KB sample holds thousands, and a cold thread walks each
  // character slowly at the start of every read.
  for (let i = 0; i <= sample.length && lines.length < limit; i++) {
    const ch = sample.charCodeAt(i);
    if (ch === 0x22) quoted = !quoted;
    else if (i === sample.length || (!quoted && (ch === 0x0a || ch === 0x0d))) {
      const line = sample.slice(start, i);
      if (line.trim() !== '') lines.push(line);
      start = i + 1;
    }
  }
  return lines;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let n = 0;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) n++;
  }
  return n;
}
