import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../simulator/faults.ts';
import { StringTable } from './string-table.ts';

describe('StringTable', () => {
  it('gives back every string as added, across slabs, with empty, missing and very long ones', () => {
    const random = mulberry32(7);
    const table = new StringTable();
    const added: (string | undefined)[] = [];
    const add = (text: string | undefined, asBytes: boolean) => {
      if (asBytes && text !== undefined) {
        // As the table's reader hands them over: a range of a larger buffer.
        const bytes = Buffer.from(`<t>${text}</t>`, 'utf8');
        table.addBytes(bytes, 3, bytes.length - 4);
      } else table.addString(text);
      added.push(text);
    };
    // About 14 MB: several slabs, strings that just miss a slab's end, and one of 2 MB kept apart.
    for (let i = 0; i < 20_000; i++) {
      const kind = random();
      let text: string | undefined;
      if (kind < 0.05) text = '';
      else if (kind < 0.08) text = undefined;
      else if (kind < 0.1) text = 'é'.repeat(Math.floor(random() * 40_000));
      else text = `Lead ${i} ${'x'.repeat(Math.floor(random() * 1_300))} Zoë`;
      add(text, random() < 0.5);
      if (i === 10_000) add('y'.repeat(2 << 20), true);
    }
    expect(table.count).toBe(added.length);
    // In a shuffled order, so that the cache is not simply replaying the adding.
    const order = added.map((_, i) => i).sort(() => random() - 0.5);
    for (const i of order) expect(table.get(i)).toBe(added[i]);
    expect(table.get(-1)).toBeUndefined();
    expect(table.get(added.length)).toBeUndefined();
    const bytes = added.reduce((sum, text) => sum + Buffer.byteLength(text ?? ''), 0);
    expect(table.bytes).toBe(bytes);
  });

  it('starts a string that does not fit at the start of a new slab, and an empty string after a full slab', () => {
    const table = new StringTable();
    const slab = 4 << 20;
    table.addString('a'.repeat(slab - 3));
    table.addString('bbb');
    table.addString('');
    table.addString('cccc');
    table.addString('');
    expect([0, 1, 2, 3, 4].map((i) => table.get(i)?.slice(-4))).toEqual(['aaaa', 'bbb', '', 'cccc', '']);
  });
});
