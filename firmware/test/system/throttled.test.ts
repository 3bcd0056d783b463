// The Pi's throttle bits, decoded one by one: every combination of the eight named bits, every
// unnamed bit on its own, and the outputs that are not a throttle word at all.
import { describe, expect, it } from 'vitest';
import { decodeThrottled, THROTTLE_BITS } from '../../src/system/host/throttled.js';

const FIELD_OF_BIT: Record<number, string> = {
  0: 'underVoltageNow',
  1: 'freqCappedNow',
  2: 'throttledNow',
  3: 'softTempLimitNow',
  16: 'underVoltageSinceBoot',
  17: 'freqCappedSinceBoot',
  18: 'throttledSinceBoot',
  19: 'softTempLimitSinceBoot',
};

describe('decodeThrottled', () => {
  it('names the documented bits 0–3 and 16–19', () => {
    expect([...THROTTLE_BITS]).toEqual([0, 1, 2, 3, 16, 17, 18, 19]);
  });

  it('decodes all 256 combinations of the named bits, each flag from its own bit only', () => {
    for (let combo = 0; combo < 256; combo++) {
      let value = 0;
      const on = new Set<number>();
      THROTTLE_BITS.forEach((bit, i) => {
        if (combo & (1 << i)) {
          value |= 1 << bit;
          on.add(bit);
        }
      });
      const hex = `0x${value.toString(16)}`;
      const s = decodeThrottled(`throttled=${hex}\n`);
      expect(s, hex).not.toBeNull();
      expect(s!.raw).toBe(hex);
      for (const bit of THROTTLE_BITS) expect(s![FIELD_OF_BIT[bit] as keyof typeof s], `${hex} bit ${bit}`).toBe(on.has(bit));
      expect(s!.unknownBits).toEqual([]);
    }
  });

  it('reports every undocumented bit by number, and sets no named flag for it', () => {
    for (let bit = 0; bit < 32; bit++) {
      if (THROTTLE_BITS.includes(bit)) continue;
      const hex = `0x${(2 ** bit).toString(16)}`;
      const s = decodeThrottled(`throttled=${hex}`)!;
      expect(s.unknownBits, hex).toEqual([bit]);
      for (const f of Object.values(FIELD_OF_BIT)) expect(s[f as keyof typeof s], `${hex} ${f}`).toBe(false);
    }
    expect(decodeThrottled('throttled=0xffffffff')!.unknownBits).toHaveLength(24);
  });

  it('reads real outputs: a healthy Pi, an under-voltage now and since boot', () => {
    // Captured formats: `vcgencmd get_throttled` prints one line, the hex in lower case without padding.
    expect(decodeThrottled('throttled=0x0\n')).toMatchObject({ raw: '0x0', underVoltageNow: false, underVoltageSinceBoot: false });
    expect(decodeThrottled('throttled=0x50005\n')).toMatchObject({
      underVoltageNow: true, throttledNow: true, underVoltageSinceBoot: true, throttledSinceBoot: true,
      freqCappedNow: false, softTempLimitNow: false, freqCappedSinceBoot: false, softTempLimitSinceBoot: false,
    });
    expect(decodeThrottled('throttled=0x50000')).toMatchObject({ underVoltageNow: false, underVoltageSinceBoot: true, throttledSinceBoot: true });
    expect(decodeThrottled('throttled=0x80008')).toMatchObject({ softTempLimitNow: true, softTempLimitSinceBoot: true });
  });

  it('refuses what is not a throttle word', () => {
    for (const out of ['', 'error=1 error_msg="Command not registered"', 'throttled=', 'throttled=50005', 'throttled=0x123456789', 'throttled=0xZZ', 'VCHI initialization failed'])
      expect(decodeThrottled(out), out).toBeNull();
  });
});
