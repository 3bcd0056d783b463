// The encrypted backup format (backup-crypto.ts): every length round-trips; a wrong passphrase
// is told apart and yields nothing; a missing passphrase is asked for; every changed byte, a
// cut at any chunk boundary or inside a chunk, a dropped or swapped chunk fails the check.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BackupCryptoError, decryptor, encryptor, MAGIC } from '../../src/backup/backup-crypto.js';

const CHUNK = 1 << 20;
const PASS = 'mật khẩu 密码 correct';
const LOGN = 10; // a cheap scrypt for tests; the format records it

async function collect(gen: AsyncGenerator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of gen) parts.push(b);
  return Buffer.concat(parts);
}
/** The bytes fed in pieces of `piece` bytes (as a file stream would). */
const feed = (b: Buffer, piece = 65536) => Readable.from((function* () {
  for (let i = 0; i < b.length; i += piece) yield b.subarray(i, i + piece);
})());
const encrypt = (plain: Buffer) => collect(encryptor(PASS, { logN: LOGN })(feed(plain)));
const decrypt = (file: Buffer, pass: string | null = PASS, piece?: number) => collect(decryptor(pass)(feed(file, piece)));
async function failure(p: Promise<unknown>): Promise<BackupCryptoError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(BackupCryptoError);
  return e as BackupCryptoError;
}

describe('encrypted backup format', () => {
  it('round-trips every length around the chunk size, fed in any piece size', async () => {
    for (const n of [0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17]) {
      const plain = randomBytes(n);
      const file = await encrypt(plain);
      expect(file.subarray(0, 8).equals(MAGIC)).toBe(true);
      // Header, ciphertext of the same length, a 16-byte tag per chunk (always a short last one).
      expect(file.length).toBe(60 + n + 16 * (Math.floor(n / CHUNK) + 1));
      expect((await decrypt(file)).equals(plain), `length ${n}`).toBe(true);
      expect((await decrypt(file, PASS, 7777)).equals(plain), `length ${n} in odd pieces`).toBe(true);
    }
  }, 60_000);

  it('the same plaintext encrypts differently every time (fresh salt and nonces)', async () => {
    const plain = randomBytes(5000);
    expect((await encrypt(plain)).equals(await encrypt(plain))).toBe(false);
  });

  it('a wrong passphrase is told as such, before any byte comes out; a missing one is asked for', async () => {
    const file = await encrypt(randomBytes(CHUNK + 5));
    const out: Buffer[] = [];
    const e = await failure((async () => {
      for await (const b of decryptor('mật khẩu 密码 wrong!')(feed(file))) out.push(b);
    })());
    expect(e.reason).toBe('wrong_passphrase');
    expect(out).toEqual([]);
    expect((await failure(decrypt(file, null))).reason).toBe('needs_passphrase');
    expect((await failure(decrypt(file, ''))).reason).toBe('needs_passphrase');
  });

  it('the passphrase is taken in Unicode NFC: a decomposed "ậ" opens it too', async () => {
    const plain = randomBytes(100);
    const file = await collect(encryptor('mật khẩu dài hơn', { logN: LOGN })(feed(plain)));
    expect((await decrypt(file, 'mật khẩu dài hơn'.normalize('NFD'))).equals(plain)).toBe(true);
  });

  it('any changed byte fails: in the header, a chunk, a tag, the last chunk', async () => {
    const plain = randomBytes(2 * CHUNK + 300);
    const file = await encrypt(plain);
    const spots = [0, 9, 13, 20, 35, 45, 59, 60, 61, 60 + CHUNK + 15, 60 + CHUNK + 16, 60 + 2 * (CHUNK + 16) + 5, file.length - 1];
    for (const at of spots) {
      const bad = Buffer.from(file);
      bad[at] = bad[at]! ^ 0x01;
      const e = await failure(decrypt(bad));
      // A changed key check or salt reads as a wrong passphrase; everything else as damage.
      expect(['damaged', 'wrong_passphrase'], `byte ${at}`).toContain(e.reason);
      if (at >= 60) expect(e.reason, `byte ${at}`).toBe('damaged');
    }
  }, 60_000);

  it('a file cut short anywhere fails, also exactly at a chunk boundary; dropped or swapped chunks fail', async () => {
    const plain = randomBytes(2 * CHUNK + 300);
    const file = await encrypt(plain);
    const C = CHUNK + 16;
    for (const len of [0, 30, 59, 60, 61, 60 + C - 1, 60 + C, 60 + C + 1, 60 + 2 * C, file.length - 1]) {
      expect((await failure(decrypt(file.subarray(0, len)))).reason, `cut at ${len}`).toBe('damaged');
    }
    const header = file.subarray(0, 60);
    const [c0, c1, c2] = [file.subarray(60, 60 + C), file.subarray(60 + C, 60 + 2 * C), file.subarray(60 + 2 * C)];
    expect((await failure(decrypt(Buffer.concat([header, c1, c0, c2])))).reason).toBe('damaged');
    expect((await failure(decrypt(Buffer.concat([header, c0, c2])))).reason).toBe('damaged');
    expect((await failure(decrypt(Buffer.concat([header, c0, c1, c2, c2])))).reason).toBe('damaged');
    expect((await decrypt(Buffer.concat([header, c0, c1, c2]))).equals(plain)).toBe(true);
  }, 60_000);

  it('something that is not an encrypted backup is refused', async () => {
    expect((await failure(decrypt(randomBytes(200)))).reason).toBe('damaged');
  });
});
