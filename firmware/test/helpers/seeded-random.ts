// Deterministic randomness for tests and benchmarks: the same seed gives the same run, so a
// failure can be replayed and figures from two runs compared.

import { seededRandom as seeded } from '../../src/util/seeded-random.js';

export type Rand = () => number;

/** mulberry32 (src/util/seeded-random.ts): tiny, fast, good enough for test data (not for anything secret). */
export const seededRandom: (seed: number) => Rand = seeded;
