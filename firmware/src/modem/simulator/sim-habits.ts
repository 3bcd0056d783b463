/**
 * The unfriendly habits of a real SIM800 on a Pi, which the simulator can put on for tests and
 * soak runs (issue 13). All off by default; every random choice comes from one seeded generator,
 * so a failing run can be repeated with its seed.
 */
export interface SimulatorHabits {
  /** Seed of the habits' random choices. */
  seed: number;
  /** Output in chunks of 1..maxChunkBytes bytes (0: whole writes), with up to chunkDelayMs between them. */
  maxChunkBytes: number;
  chunkDelayMs: number;
  /**
   * Chance that an unsolicited line (RING, +CLIP, +CMTI, +CDS…) is held back and slipped into
   * the next response (between its lines, before its OK) or right after a `> ` prompt.
   */
  urcInResponse: number;
  /**
   * Chance that after Ctrl-Z the modem goes silent for silenceMs: it reads on, and answers the
   * PDU and every command typed meanwhile in one burst when it wakes.
   */
  silenceAfterSubmit: number;
  silenceMs: number;
  /** Chance that the module reboots by itself after Ctrl-Z (the supply sags in the transmit burst). */
  rebootOnSubmit: number;
  /** Chance that AT+CMGS answers `+CMS ERROR: 38` (network out of order: retried later). */
  networkError: number;
  /** Delivery reports (when on): chance one says "failed" (0x46 validity expired), comes late, or never comes. */
  reportFailed: number;
  reportLate: number;
  reportMissing: number;
  /** How long a late report takes. */
  reportLateMs: number;
}

export const NO_HABITS: SimulatorHabits = {
  seed: 1,
  maxChunkBytes: 0,
  chunkDelayMs: 0,
  urcInResponse: 0,
  silenceAfterSubmit: 0,
  silenceMs: 70_000,
  rebootOnSubmit: 0,
  networkError: 0,
  reportFailed: 0,
  reportLate: 0,
  reportMissing: 0,
  reportLateMs: 5_000,
};

/** Every habit on, as the independent emulator had them (times scaled for tests by the caller). */
export function allHabits(seed: number, overrides: Partial<SimulatorHabits> = {}): SimulatorHabits {
  return {
    seed,
    maxChunkBytes: 7,
    chunkDelayMs: 2,
    urcInResponse: 0.5,
    silenceAfterSubmit: 0.03,
    silenceMs: 3_000,
    rebootOnSubmit: 0.02,
    networkError: 0.05,
    reportFailed: 0.1,
    reportLate: 0.2,
    reportMissing: 0.1,
    reportLateMs: 1_500,
    ...overrides,
  };
}

// mulberry32 (util/seeded-random.ts): plenty for test habits.
export { seededRandom } from '../../util/seeded-random.js';
