// The eject button's debounce and long press, sample by sample (pure logic: every case here).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ButtonPress, type ButtonEvent } from '../../src/hw/button-press.js';

const T = { debounceMs: 30, longPressMs: 3000 };

/** Samples every `step` ms of a pin that is pressed during the given [from, to) spans. */
function run(spans: [number, number][], endMs: number, step = 10, t = T): { at: number; e: ButtonEvent }[] {
  const b = new ButtonPress(t);
  const out: { at: number; e: ButtonEvent }[] = [];
  for (let now = 0; now <= endMs; now += step) {
    const e = b.sample(now, spans.some(([a, z]) => now >= a && now < z));
    if (e) out.push({ at: now, e });
  }
  return out;
}

describe('ButtonPress', () => {
  it('a clean short press ejects once, on release', () => {
    expect(run([[100, 400]], 1000)).toEqual([{ at: 430, e: 'press' }]);
  });

  it('contact bounce at press and release still makes one press', () => {
    const bouncy: [number, number][] = [[100, 110], [120, 130], [140, 600], [610, 620]];
    expect(run(bouncy, 1000)).toEqual([{ at: 650, e: 'press' }]);
  });

  it('a spike shorter than the debounce time is nothing', () => {
    expect(run([[100, 120]], 1000)).toEqual([]);
    expect(run([[100, 110], [200, 220], [300, 310]], 1000)).toEqual([]);
  });

  it('held past the long-press time: one long press while still held, no press on release', () => {
    expect(run([[100, 5000]], 6000)).toEqual([{ at: 3100, e: 'long-press' }]);
  });

  it('a release shorter than the debounce time does not split a long press', () => {
    expect(run([[100, 2000], [2020, 5000]], 6000)).toEqual([{ at: 3100, e: 'long-press' }]);
  });

  it('two presses make two ejects; a press after a long press is a press again', () => {
    expect(run([[100, 300], [500, 700]], 1000).map((x) => x.e)).toEqual(['press', 'press']);
    expect(run([[100, 3500], [4000, 4200]], 5000).map((x) => x.e)).toEqual(['long-press', 'press']);
  });

  it('refuses a long press not longer than the debounce', () => {
    expect(() => new ButtonPress({ debounceMs: 50, longPressMs: 50 })).toThrow(RangeError);
  });

  it('property: clean presses of any length give exactly one event each, of the right kind', () => {
    // Held times at least one 10 ms sample away from the limits (the sampling grid blurs them).
    const held = fc.oneof(fc.integer({ min: 40, max: 2980 }), fc.integer({ min: 3020, max: 6000 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(held, fc.integer({ min: 40, max: 2000 })), { minLength: 1, maxLength: 6 }), (presses) => {
        const spans: [number, number][] = [];
        let t = 100;
        for (const [held, gap] of presses) {
          spans.push([t, t + held]);
          t += held + gap;
        }
        const events = run(spans, t + 100).map((x) => x.e);
        expect(events).toEqual(presses.map(([h]) => (h >= T.longPressMs ? 'long-press' : 'press')));
      }),
    );
  });

  it('property: noise that never holds for the debounce time never makes an event', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 400 }), (levels) => {
        // Each level lasts one 10 ms sample; a level held 3 samples (30 ms) would count, so cut runs at 2.
        const b = new ButtonPress(T);
        let run = 0;
        let prev = false;
        for (let i = 0; i < levels.length; i++) {
          let level = levels[i]!;
          run = level === prev ? run + 1 : 1;
          if (run > 2) {
            level = !level;
            run = 1;
          }
          prev = level;
          expect(b.sample(i * 10, level)).toBeNull();
        }
      }),
    );
  });
});
