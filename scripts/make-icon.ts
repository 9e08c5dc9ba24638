/**
 * Draws the app icon (a blue rounded square with a white "N" and a green arrow) as PNGs for
 * electron-builder: `node scripts/make-icon.ts`. No image library needed: PNG is zlib plus CRCs.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};

export function drawIcon(size: number): Buffer {
  const px = Buffer.alloc(size * (size * 4 + 1));
  const r = size * 0.18;
  for (let y = 0; y < size; y++) {
    px[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const i = y * (size * 4 + 1) + 1 + x * 4;
      const dx = Math.max(r - x, x - (size - 1 - r), 0);
      const dy = Math.max(r - y, y - (size - 1 - r), 0);
      const inside = dx * dx + dy * dy <= r * r;
      const u = x / size;
      const v = y / size;
      const stroke = 0.085;
      const inN =
        (Math.abs(u - 0.3) < stroke / 2 ||
          Math.abs(u - 0.7) < stroke / 2 ||
          Math.abs(u - 0.3 - (v - 0.25) * 0.8) < stroke / 1.6) &&
        v > 0.25 &&
        v < 0.75;
      const arrow = v > 0.78 && v < 0.86 && u > 0.3 && u < 0.7;
      const [cr, cg, cb] = inN ? [255, 255, 255] : arrow ? [88, 214, 141] : [11, 92, 194];
      px[i] = cr;
      px[i + 1] = cg;
      px[i + 2] = cb;
      px[i + 3] = inside ? 255 : 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(px)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (import.meta.main) {
  writeFileSync('build/icon.png', drawIcon(512));
  writeFileSync('build/icon-256.png', drawIcon(256));
}
