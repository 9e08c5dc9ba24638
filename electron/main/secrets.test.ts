import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../core/errors.ts';
import { redact } from '../core/redact.ts';
import { createKeyVault, type Encryptor, isPlainTextBackend, keyFile } from './secrets.ts';

const dir = mkdtempSync(join(tmpdir(), 'vault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = () => join(dir, `keys-${++n}.json`);

/** A stand-in keychain: reversible, but the stored bytes never contain the key. */
const fakeKeychain = (secure = true): Encryptor & { encrypt: ReturnType<typeof vi.fn> } => ({
  isSecure: async () => secure,
  encrypt: vi.fn(async (plain: string) => Buffer.from(`enc:${[...plain].reverse().join('')}`)),
  decrypt: async (cipher) => {
    const text = cipher.toString();
    if (!text.startsWith('enc:')) throw new Error('bad cipher');
    return { plain: [...text.slice(4)].reverse().join(''), reEncrypt: false };
  },
});

describe('the key vault', () => {
  it('stores keys encrypted by the keychain, as base64, never in clear, and reads them back after a restart', async () => {
    const file = freshFile();
    const vault = createKeyVault(file, fakeKeychain());
    expect(await vault.set('s1', 'super-secret-api-key', { sessionOnly: false })).toBe('keychain');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('super-secret-api-key');
    const stored = keyFile.parse(JSON.parse(text));
    expect(Buffer.from(stored.keys.s1, 'base64').toString()).toBe('enc:yek-ipa-terces-repus');
    expect(await createKeyVault(file, fakeKeychain()).get('s1')).toBe('super-secret-api-key');
    expect(await vault.storageOf('s1')).toBe('keychain');
    expect(redact('failed for super-secret-api-key')).toBe('failed for ***');
  });

  it('keeps keys for the session only where the keychain is plain text (Linux basic_text) or missing', async () => {
    expect(isPlainTextBackend('basic_text')).toBe(true);
    expect(isPlainTextBackend('gnome_libsecret')).toBe(false);
    const file = freshFile();
    const keychain = fakeKeychain(false);
    const vault = createKeyVault(file, keychain);
    expect(await vault.set('s2', 'another-secret-key', { sessionOnly: false })).toBe('session');
    expect(keychain.encrypt).not.toHaveBeenCalled();
    expect(await vault.get('s2')).toBe('another-secret-key');
    expect(await vault.storageOf('s2')).toBe('session');
    expect(await vault.secure()).toBe(false);
    expect(await createKeyVault(file, fakeKeychain(false)).get('s2')).toBeUndefined();
  });

  it('honours "this session only", and a session key replaces a stored one for good', async () => {
    const file = freshFile();
    const vault = createKeyVault(file, fakeKeychain());
    await vault.set('s3', 'stored-key-1', { sessionOnly: false });
    expect(await vault.set('s3', 'session-key-2', { sessionOnly: true })).toBe('session');
    expect(readFileSync(file, 'utf8')).not.toContain('s3');
    expect(await createKeyVault(file, fakeKeychain()).get('s3')).toBeUndefined();
    await vault.remove('s3');
    expect(await vault.get('s3')).toBeUndefined();
    expect(await vault.storageOf('s3')).toBe('none');
  });

  it('re-encrypts a key when the keychain rotated its own key', async () => {
    const file = freshFile();
    const keychain = fakeKeychain();
    await createKeyVault(file, keychain).set('s4', 'rotating-key', { sessionOnly: false });
    const rotating: Encryptor = {
      ...keychain,
      decrypt: async (c) => ({ ...(await keychain.decrypt(c)), reEncrypt: true }),
    };
    expect(await createKeyVault(file, rotating).get('s4')).toBe('rotating-key');
    expect(keychain.encrypt).toHaveBeenCalledTimes(2);
  });

  it('says so when the keychain cannot unlock a stored key', async () => {
    const file = freshFile();
    writeFileSync(file, JSON.stringify({ version: 1, keys: { s5: Buffer.from('garbage').toString('base64') } }));
    const error = await createKeyVault(file, fakeKeychain())
      .get('s5')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/can no longer be unlocked.*Enter the key again/);
  });

  it('sets a damaged key file aside, says where, and does not overwrite it', async () => {
    const file = freshFile();
    writeFileSync(file, '{"version":1,"keys":{"s6":"not base64!"}}');
    const onWarning = vi.fn();
    const vault = createKeyVault(file, fakeKeychain(), { onWarning, now: () => 42 });
    expect(await vault.get('s6')).toBeUndefined();
    expect(onWarning).toHaveBeenCalledWith(expect.stringContaining(`${file}.damaged-42`));
    expect(readFileSync(`${file}.damaged-42`, 'utf8')).toContain('not base64!');
    await vault.set('s7', 'fresh-key-77', { sessionOnly: false });
    expect(keyFile.parse(JSON.parse(readFileSync(file, 'utf8'))).keys).toHaveProperty('s7');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
