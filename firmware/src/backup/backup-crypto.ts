// Encrypted database backups: a passphrase, scrypt, AES-256-GCM in authenticated chunks.
// Node's own crypto; streaming (a backup is never held in memory whole).
//
// File format ("SBXENC1"), all integers big-endian:
//
//   header (60 bytes)
//     0  magic        8 bytes  "SBXENC1\n"
//     8  log2 N       1 byte   scrypt cost (15: N = 32768)
//     9  r            1 byte   scrypt block size (8)
//     10 p            1 byte   scrypt parallelism (1)
//     11 reserved     1 byte   0
//     12 chunk size   4 bytes  plaintext bytes per chunk (1 MiB)
//     16 salt        16 bytes  random, for scrypt
//     32 nonce base   8 bytes  random; a chunk's 12-byte GCM nonce is this + its 4-byte index
//     40 key check   20 bytes  the first 20 bytes of HMAC-SHA256(key, "studio-box backup key check"):
//                              a wrong passphrase is told apart from a damaged file
//   chunks, one after another
//     ciphertext (chunk size bytes; the last chunk fewer, possibly 0) + GCM tag (16 bytes)
//     associated data: the whole header, the chunk's index (4 bytes) and 1 for the last
//     chunk, 0 otherwise. The file always ends with a chunk shorter than the chunk size.
//
// So: a changed header, a changed, swapped or dropped chunk, or a file cut short at any byte
// (including at a chunk boundary: the chunk before is not marked last) fails authentication.
// The key: scrypt(passphrase in Unicode NFC, salt, 32 bytes). The plaintext is the gzip-
// compressed SQLite database, as in an unencrypted backup.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { open } from 'node:fs/promises';

export const MAGIC = Buffer.from('SBXENC1\n', 'latin1');
const HEADER = 60;
const TAG = 16;
const CHUNK = 1 << 20;
const KEY_CHECK_LABEL = 'studio-box backup key check';

export class BackupCryptoError extends Error {
  constructor(
    readonly reason: 'wrong_passphrase' | 'damaged' | 'needs_passphrase',
    message: string,
  ) {
    super(message);
    this.name = 'BackupCryptoError';
  }
}

function scrypt(pass: string, salt: Buffer, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(pass.normalize('NFC'), salt, 32, o, (err, key) => (err ? reject(err) : resolve(key))));
}

const keyCheck = (key: Buffer) => createHmac('sha256', key).update(KEY_CHECK_LABEL).digest().subarray(0, 20);

function nonce(base: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  base.copy(n, 0, 0, 8);
  n.writeUInt32BE(index, 8);
  return n;
}

function aad(header: Buffer, index: number, last: boolean): Buffer {
  const a = Buffer.alloc(header.length + 5);
  header.copy(a);
  a.writeUInt32BE(index, header.length);
  a[header.length + 4] = last ? 1 : 0;
  return a;
}

/** Whether a file starts like an encrypted backup. */
export async function isEncryptedFile(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await fh.read(b, 0, b.length, 0);
    return bytesRead === MAGIC.length && b.equals(MAGIC);
  } finally {
    await fh.close();
  }
}

/** Reads exactly the chunks out of any byte stream: yields buffers of `size` bytes (the last shorter). */
async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let have = 0;
  for await (const b of source) {
    parts.push(b);
    have += b.length;
    while (have >= size) {
      const all = Buffer.concat(parts);
      yield all.subarray(0, size);
      parts = [all.subarray(size)];
      have -= size;
    }
  }
  yield Buffer.concat(parts);
}

/** A stream transform (for `pipeline`): plaintext in, the encrypted file out. Options for tests: a cheaper scrypt. */
export function encryptor(passphrase: string, o: { logN?: number } = {}): (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    const logN = o.logN ?? 15;
    const salt = randomBytes(16);
    const base = randomBytes(8);
    const key = await scrypt(passphrase, salt, { N: 2 ** logN, r: 8, p: 1, maxmem: 256 * 2 ** logN * 8 + (1 << 20) });
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header, 0);
    header[8] = logN;
    header[9] = 8;
    header[10] = 1;
    header.writeUInt32BE(CHUNK, 12);
    salt.copy(header, 16);
    base.copy(header, 32);
    keyCheck(key).copy(header, 40);
    yield header;
    // rechunk ends with a short chunk (empty when the plaintext fills its chunks exactly): the last.
    let index = 0;
    for await (const chunk of rechunk(source, CHUNK)) {
      const last = chunk.length < CHUNK;
      const c = createCipheriv('aes-256-gcm', key, nonce(base, index), { authTagLength: TAG });
      c.setAAD(aad(header, index, last));
      yield Buffer.concat([c.update(chunk), c.final(), c.getAuthTag()]);
      index++;
    }
  };
}

/**
 * A stream transform: the encrypted file in, plaintext out. Each chunk is authenticated before
 * any of its bytes go on; a wrong passphrase is found from the header alone, before any output.
 * The caller writes the output to a temporary file and deletes it when this throws.
 */
export function decryptor(passphrase: string | null): (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    let header: Buffer | null = null;
    let key: Buffer | null = null;
    let chunkSize = 0;
    let index = 0;
    let buf: Buffer = Buffer.alloc(0);
    const open1 = (ct: Buffer, last: boolean): Buffer => {
      if (ct.length < TAG) throw new BackupCryptoError('damaged', 'the encrypted backup is cut short or damaged');
      const d = createDecipheriv('aes-256-gcm', key!, nonce(header!.subarray(32, 40), index), { authTagLength: TAG });
      d.setAAD(aad(header!, index, last));
      d.setAuthTag(ct.subarray(ct.length - TAG));
      try {
        const out = Buffer.concat([d.update(ct.subarray(0, ct.length - TAG)), d.final()]);
        index++;
        return out;
      } catch {
        throw new BackupCryptoError('damaged', 'the encrypted backup is damaged or was changed (a chunk failed its check)');
      }
    };
    for await (const b of source) {
      buf = buf.length ? Buffer.concat([buf, b]) : b;
      if (!header) {
        if (buf.length < HEADER) continue;
        header = Buffer.from(buf.subarray(0, HEADER));
        buf = buf.subarray(HEADER);
        if (!header.subarray(0, 8).equals(MAGIC)) throw new BackupCryptoError('damaged', 'not an encrypted Studio Box backup');
        if (passphrase === null || passphrase === '') throw new BackupCryptoError('needs_passphrase', 'this backup is encrypted: its passphrase is needed');
        const logN = header[8]!;
        chunkSize = header.readUInt32BE(12);
        if (logN < 10 || logN > 20 || header[9] !== 8 || header[10] !== 1 || chunkSize < 1024 || chunkSize > 16 << 20) throw new BackupCryptoError('damaged', 'the encrypted backup has a header this software does not know');
        key = await scrypt(passphrase, header.subarray(16, 32), { N: 2 ** logN, r: 8, p: 1, maxmem: 256 * 2 ** logN * 8 + (1 << 20) });
        if (!timingSafeEqual(keyCheck(key), header.subarray(40, 60))) throw new BackupCryptoError('wrong_passphrase', 'the passphrase is wrong for this backup');
      }
      // Full chunks that are surely not the last: more bytes follow them.
      while (buf.length > chunkSize + TAG) {
        yield open1(buf.subarray(0, chunkSize + TAG), false);
        buf = buf.subarray(chunkSize + TAG);
      }
    }
    if (!header) throw new BackupCryptoError('damaged', 'the encrypted backup is cut short (no whole header)');
    // What is left is the last chunk: shorter than a full one (a full one here means the file was cut).
    if (buf.length >= chunkSize + TAG) {
      open1(buf.subarray(0, chunkSize + TAG), false);
      throw new BackupCryptoError('damaged', 'the encrypted backup is cut short');
    }
    yield open1(buf, true);
  };
}
