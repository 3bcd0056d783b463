// The content hash of ingested files: XXH3-128 (hash-wasm's createXXHash128), hex.
//
// Chosen by measurement (`npm run bench -- hash`, 256 MB in 1 MiB chunks, x86-64 dev box,
// node 20):
//   hash-wasm xxhash128 (XXH3-128)  128 bit  ~3800 MB/s  0.26 ms per 1 MiB chunk
//   hash-wasm xxhash3   (XXH3-64)    64 bit  ~3800 MB/s  0.27 ms
//   @node-rs/xxhash Xxh3 (XXH3-64)   64 bit ~11400 MB/s  0.09 ms (native; no 128-bit streaming)
//   hash-wasm blake3                256 bit   ~680 MB/s  1.5 ms
//   node:crypto md5                 128 bit   ~660 MB/s  1.6 ms
//   node:crypto sha256              256 bit  ~1560 MB/s  0.67 ms (this CPU has SHA-NI)
// Why XXH3-128: it detects corruption as well as any 128-bit hash (we do not defend against
// an attacker forging photos), it is portable WASM with no native build, and it is one of the
// fastest. On a Pi 4 (Cortex-A72, no SHA instructions) SHA-256 runs ~130-155 MB/s per core:
// verifying two USB 3 copies at once (~350 MB/s together) would then be CPU-bound, and every
// 1 MiB chunk would hold the event loop ~7 ms. XXH3 is >10x faster there too, so a chunk holds
// the loop ~1-2 ms and the disks, not the hash, set the pace. 64 bits would also do for
// corruption, but the hash is also half of the "already ingested" key (customer, size, hash):
// 128 bits make an accidental collision a non-question at any library size.
import type { IHasher } from 'hash-wasm';

/** Name stored with every hash, so a later change of algorithm can be told apart. */
export const HASH_ALGORITHM = 'xxh3-128';

export interface ContentHasher {
  update(chunk: Uint8Array): void;
  /** Lower-case hex, 32 characters. The hasher cannot be used after this. */
  digest(): string;
}

/** A streaming hasher. Each call instantiates its own WASM state, so hashers never share. */
export async function createContentHasher(): Promise<ContentHasher> {
  // hash-wasm (its WASM compiled at load) comes with the first file hashed, not at the start.
  const { createXXHash128 } = await import('hash-wasm');
  const h: IHasher = await createXXHash128();
  return {
    update: (chunk) => void h.update(chunk),
    digest: () => h.digest('hex'),
  };
}
