// Which hash for card ingest? Every byte of a card is hashed once on the way to the disks and
// twice more when both copies are read back, all on the daemon's main thread (a WASM or
// native update() call is synchronous). So two figures matter: throughput, and how long one
// 1 MiB chunk holds the event loop. 256 MB of random bytes in 1 MiB chunks, per candidate.
// The choice and the figures it was made on are in firmware/src/ingest/copy/content-hash.ts.
import { createHash, randomFillSync } from 'node:crypto';
import { createBLAKE3, createXXHash128, createXXHash3 } from 'hash-wasm';
import xxhash from '@node-rs/xxhash';

const MB = Number(process.env.BENCH_HASH_MB ?? 256);
const CHUNK = 1 << 20;

interface Candidate {
  name: string;
  bits: number;
  make(): Promise<{ update(b: Uint8Array): void; digest(): string }>;
}

const CANDIDATES: Candidate[] = [
  { name: 'hash-wasm xxhash128 (XXH3-128)', bits: 128, make: async () => wrap(await createXXHash128()) },
  { name: 'hash-wasm xxhash3 (XXH3-64)', bits: 64, make: async () => wrap(await createXXHash3()) },
  {
    name: '@node-rs/xxhash Xxh3 (XXH3-64)',
    bits: 64,
    make: async () => {
      const h = xxhash.xxh3.Xxh3.withSeed();
      return { update: (b) => void h.update(b), digest: () => h.digest().toString(16) };
    },
  },
  { name: 'hash-wasm blake3', bits: 256, make: async () => wrap(await createBLAKE3()) },
  { name: 'node:crypto md5', bits: 128, make: async () => node('md5') },
  { name: 'node:crypto sha1', bits: 160, make: async () => node('sha1') },
  { name: 'node:crypto sha256', bits: 256, make: async () => node('sha256') },
];

function wrap(h: { update(b: Uint8Array): unknown; digest(): string }) {
  return { update: (b: Uint8Array) => void h.update(b), digest: () => h.digest() };
}

function node(alg: string) {
  const h = createHash(alg);
  return { update: (b: Uint8Array) => void h.update(b), digest: () => h.digest('hex') };
}

export async function run(): Promise<void> {
  // Random data: a hash's speed does not depend on content, but nothing can be cached.
  const data = Buffer.allocUnsafe(MB * CHUNK);
  for (let off = 0; off < data.length; off += 64 << 20) randomFillSync(data, off, Math.min(64 << 20, data.length - off));
  console.log(`hash benchmark: ${MB} MB in 1 MiB chunks, ${process.arch}, node ${process.version}`);
  console.log(`${'candidate'.padEnd(34)}${'bits'.padStart(5)}${'MB/s'.padStart(9)}${'chunk p50'.padStart(11)}${'chunk max'.padStart(11)}  ms`);
  for (const c of CANDIDATES) {
    // One warm-up pass over 16 MB (JIT, WASM instantiation), then the timed pass.
    const warm = await c.make();
    for (let off = 0; off < 16 * CHUNK; off += CHUNK) warm.update(data.subarray(off, off + CHUNK));
    warm.digest();
    const h = await c.make();
    const per: number[] = [];
    const t0 = process.hrtime.bigint();
    for (let off = 0; off < data.length; off += CHUNK) {
      const s = process.hrtime.bigint();
      h.update(data.subarray(off, off + CHUNK));
      per.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    h.digest();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    per.sort((a, b) => a - b);
    const mbps = (data.length / 1e6 / ms) * 1000;
    console.log(
      `${c.name.padEnd(34)}${String(c.bits).padStart(5)}${mbps.toFixed(0).padStart(9)}${(per[per.length >> 1] ?? 0).toFixed(3).padStart(11)}${(per.at(-1) ?? 0).toFixed(3).padStart(11)}`,
    );
  }
  console.log(
    '\nOn a Raspberry Pi 4 (Cortex-A72, no SHA/crypto extensions) expect roughly 5-10x lower figures;\n' +
      'SHA-256 there runs ~130-155 MB/s (FIELD-NOTES), below two USB 3 disks read back at once.',
  );
}
