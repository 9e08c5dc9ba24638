import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { FileFingerprint } from '../../../shared/contract.ts';

/** Size, modification time and a hash of the first MiB: enough to say "you uploaded this file before". */
export async function fingerprintFile(path: string): Promise<FileFingerprint> {
  const info = await stat(path);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(info.size, 1 << 20));
    await handle.read(buffer, 0, buffer.length, 0);
    return { size: info.size, mtimeMs: Math.floor(info.mtimeMs), headSha256: createHash('sha256').update(buffer).digest('hex') };
  } finally {
    await handle.close();
  }
}

export async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
