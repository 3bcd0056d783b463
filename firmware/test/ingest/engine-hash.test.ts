import { randomBytes } from 'node:crypto';
import xxhash from '@node-rs/xxhash';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContentHasher, HASH_ALGORITHM } from '../../src/ingest/copy/content-hash.js';

const native = (b: Uint8Array) => xxhash.xxh3.xxh128(b).toString(16).padStart(32, '0');

describe('content hash', () => {
  it('is XXH3-128: the streaming WASM hasher agrees with the native one-shot implementation, however the bytes are chunked', async () => {
    expect(HASH_ALGORITHM).toBe('xxh3-128');
    const data = randomBytes(3 * (1 << 20) + 12345);
    const whole = native(data);
    expect(whole).toMatch(/^[0-9a-f]{32}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 1 << 20 }), { minLength: 1, maxLength: 12 }), async (sizes) => {
        const h = await createContentHasher();
        let off = 0;
        for (let i = 0; off < data.length; i++) {
          const n = sizes[i % sizes.length]!;
          h.update(data.subarray(off, off + n));
          off += n;
        }
        expect(h.digest()).toBe(whole);
      }),
      { numRuns: 30 },
    );
    const empty = await createContentHasher();
    expect(empty.digest()).toBe(native(new Uint8Array(0)));
  });

  it('tells different content apart, even one flipped bit', async () => {
    const a = randomBytes(1 << 16);
    const b = Buffer.from(a);
    b[40000] = b[40000]! ^ 1;
    const ha = await createContentHasher();
    ha.update(a);
    const hb = await createContentHasher();
    hb.update(b);
    expect(ha.digest()).not.toBe(hb.digest());
  });
});
