// Deterministic randomness for tests and benchmarks: the same seed gives the same run, so a
// failure can be replayed and figures from two runs compared. The generator (mulberry32) is
// the modem simulator's, which needs the same for its seeded habits.
export { seededRandom } from '../../src/modem/simulator/sim-habits.js';

export type Rand = () => number;
