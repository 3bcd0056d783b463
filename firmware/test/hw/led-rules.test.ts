// What each LED shows and why (pure): examples for every reason, then properties over every
// snapshot — each LED always has a reason, the fault LED is lit exactly when a fault is present
// and then carries every cause at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LED_NAMES, type LedState, type SimStatus } from '../../src/api-types.js';
import { faultReasons, ledStates, type BoxSnapshot, type DiskSnapshot } from '../../src/hw/led-rules.js';

const GB = 1024 ** 3;
const disk = (role: 'library' | 'backup', o: Partial<DiskSnapshot> = {}): DiskSnapshot => ({ role, present: true, downReason: null, freeBytes: 500 * GB, ...o });
const QUIET: BoxSnapshot = {
  ready: true,
  copyingJobs: 0,
  unreadSms: 0,
  callBell: true,
  ringingLines: 0,
  disks: [disk('library'), disk('backup')],
  lowSpaceBytes: 32 * GB,
  modem: { up: true, sim: 'ready', restartsLast24h: 0, frequentRestarts: false },
};
const led = (s: BoxSnapshot, name: LedState['led']) => ledStates(s).find((l) => l.led === name)!;
const codes = (l: LedState) => l.reasons.map((r) => r.code);

describe('led rules: examples', () => {
  it('a quiet, healthy box: ready on, the rest off, each with its reason', () => {
    expect(ledStates(QUIET)).toEqual([
      { led: 'ready', mode: 'on', reasons: [{ code: 'ready.running', params: {} }] },
      { led: 'ingest', mode: 'off', reasons: [{ code: 'ingest.idle', params: {} }] },
      { led: 'unread-sms', mode: 'off', reasons: [{ code: 'sms.none', params: {} }] },
      { led: 'fault', mode: 'off', reasons: [{ code: 'fault.none', params: {} }] },
      { led: 'call', mode: 'off', reasons: [{ code: 'call.none', params: {} }] },
    ]);
  });

  it('starting: ready off', () => {
    expect(led({ ...QUIET, ready: false }, 'ready')).toEqual({ led: 'ready', mode: 'off', reasons: [{ code: 'ready.starting', params: {} }] });
  });

  it('a copy running: the ingest LED blinks, with how many', () => {
    expect(led({ ...QUIET, copyingJobs: 2 }, 'ingest')).toEqual({ led: 'ingest', mode: 'blink', reasons: [{ code: 'ingest.copying', params: { count: 2 } }] });
  });

  it('unread SMS: on with the count', () => {
    expect(led({ ...QUIET, unreadSms: 3 }, 'unread-sms')).toEqual({ led: 'unread-sms', mode: 'on', reasons: [{ code: 'sms.unread', params: { count: 3 } }] });
  });

  it('a ring: the call LED on; with the bell off in settings it stays off and says so', () => {
    expect(led({ ...QUIET, ringingLines: 1 }, 'call')).toMatchObject({ mode: 'on', reasons: [{ code: 'call.ringing', params: { count: 1 } }] });
    expect(led({ ...QUIET, ringingLines: 1, callBell: false }, 'call')).toMatchObject({ mode: 'off', reasons: [{ code: 'call.bellOff' }] });
  });

  it('no backup disk: fault with why it is down', () => {
    const s = { ...QUIET, disks: [disk('library'), disk('backup', { present: false, downReason: 'not-connected', freeBytes: null })] };
    expect(led(s, 'fault')).toEqual({ led: 'fault', mode: 'on', reasons: [{ code: 'fault.backupDisk', params: { why: 'not-connected' } }] });
  });

  it('no library disk: fault, "error" when the disk gave no reason', () => {
    const s = { ...QUIET, disks: [disk('library', { present: false, freeBytes: null }), disk('backup')] };
    expect(led(s, 'fault').reasons).toEqual([{ code: 'fault.libraryDisk', params: { why: 'error' } }]);
  });

  it('a disk nearly full: below the preflight threshold (one card), not at it', () => {
    const at = { ...QUIET, disks: [disk('library', { freeBytes: 32 * GB }), disk('backup')] };
    expect(led(at, 'fault').mode).toBe('off');
    const below = { ...QUIET, disks: [disk('library', { freeBytes: 32 * GB - 1 }), disk('backup')] };
    expect(led(below, 'fault').reasons).toEqual([{ code: 'fault.diskNearlyFull', params: { role: 'library', freeBytes: 32 * GB - 1, thresholdBytes: 32 * GB } }]);
  });

  it.each(['not-inserted', 'pin-required', 'puk-required', 'error'] as SimStatus[])('SIM %s: fault', (sim) => {
    expect(led({ ...QUIET, modem: { ...QUIET.modem!, sim } }, 'fault').reasons).toEqual([{ code: 'fault.noSim', params: { sim } }]);
  });

  it('a SIM not yet asked about, or unknown, is no fault', () => {
    for (const sim of [null, 'unknown'] as const) expect(led({ ...QUIET, modem: { ...QUIET.modem!, sim } }, 'fault').mode).toBe('off');
  });

  it('modem down: fault, and its last SIM answer (stale) is not reported', () => {
    expect(led({ ...QUIET, modem: { ...QUIET.modem!, up: false, sim: 'not-inserted' } }, 'fault').reasons).toEqual([{ code: 'fault.modemDown', params: {} }]);
  });

  it('modem restarting often: fault with the count', () => {
    expect(led({ ...QUIET, modem: { ...QUIET.modem!, restartsLast24h: 4, frequentRestarts: true } }, 'fault').reasons).toEqual([{ code: 'fault.modemRestarts', params: { count: 4 } }]);
  });

  it('no modem configured: none of its faults', () => {
    expect(led({ ...QUIET, modem: null }, 'fault').mode).toBe('off');
  });

  it('several causes at once: fault lit with all of them, backup disk first', () => {
    const s: BoxSnapshot = {
      ...QUIET,
      disks: [disk('library', { freeBytes: GB }), disk('backup', { present: false, downReason: 'not-mounted', freeBytes: null })],
      modem: { up: true, sim: 'not-inserted', restartsLast24h: 3, frequentRestarts: true },
    };
    expect(codes(led(s, 'fault'))).toEqual(['fault.backupDisk', 'fault.diskNearlyFull', 'fault.noSim', 'fault.modemRestarts']);
  });
});

const arbDisk = (role: 'library' | 'backup') =>
  fc.record({
    role: fc.constant(role),
    present: fc.boolean(),
    downReason: fc.constantFrom(null, 'not-connected', 'not-mounted', 'read-only', 'ambiguous', 'error' as const),
    freeBytes: fc.option(fc.nat({ max: 100 * GB }), { nil: null }),
  });
const arbSnapshot: fc.Arbitrary<BoxSnapshot> = fc.record({
  ready: fc.boolean(),
  copyingJobs: fc.nat({ max: 3 }),
  unreadSms: fc.nat({ max: 50 }),
  callBell: fc.boolean(),
  ringingLines: fc.nat({ max: 2 }),
  disks: fc.tuple(fc.option(arbDisk('library'), { nil: null }), fc.option(arbDisk('backup'), { nil: null })).map((ds) => ds.filter((d): d is DiskSnapshot => d !== null)),
  lowSpaceBytes: fc.nat({ max: 64 * GB }),
  modem: fc.option(
    fc.record({
      up: fc.boolean(),
      sim: fc.constantFrom<SimStatus | null>(null, 'ready', 'pin-required', 'puk-required', 'not-inserted', 'error', 'unknown'),
      restartsLast24h: fc.nat({ max: 10 }),
      frequentRestarts: fc.boolean(),
    }),
    { nil: null },
  ),
});

describe('led rules: properties', () => {
  it('five LEDs in order, each with at least one reason; only ingest blinks', () => {
    fc.assert(
      fc.property(arbSnapshot, (s) => {
        const leds = ledStates(s);
        expect(leds.map((l) => l.led)).toEqual([...LED_NAMES]);
        for (const l of leds) {
          expect(l.reasons.length).toBeGreaterThan(0);
          if (l.mode === 'blink') expect(l.led).toBe('ingest');
        }
      }),
    );
  });

  it('the fault LED is lit exactly when a cause exists, and carries every cause', () => {
    fc.assert(
      fc.property(arbSnapshot, (s) => {
        const f = led(s, 'fault');
        const causes = faultReasons(s);
        // Each cause, independently of the rules' own code.
        const backup = s.disks.find((d) => d.role === 'backup');
        const library = s.disks.find((d) => d.role === 'library');
        const full = s.disks.filter((d) => d.present && d.freeBytes !== null && d.freeBytes < s.lowSpaceBytes).length;
        const expected =
          (backup && !backup.present ? 1 : 0) +
          (library && !library.present ? 1 : 0) +
          full +
          (s.modem && !s.modem.up ? 1 : 0) +
          (s.modem?.up && s.modem.sim && ['not-inserted', 'pin-required', 'puk-required', 'error'].includes(s.modem.sim) ? 1 : 0) +
          (s.modem?.frequentRestarts ? 1 : 0);
        expect(causes).toHaveLength(expected);
        if (expected === 0) expect(f).toEqual({ led: 'fault', mode: 'off', reasons: [{ code: 'fault.none', params: {} }] });
        else expect(f).toEqual({ led: 'fault', mode: 'on', reasons: causes });
      }),
    );
  });

  it('the other LEDs follow their one input', () => {
    fc.assert(
      fc.property(arbSnapshot, (s) => {
        expect(led(s, 'ready').mode).toBe(s.ready ? 'on' : 'off');
        expect(led(s, 'ingest').mode).toBe(s.copyingJobs > 0 ? 'blink' : 'off');
        expect(led(s, 'unread-sms').mode).toBe(s.unreadSms > 0 ? 'on' : 'off');
        expect(led(s, 'call').mode).toBe(s.callBell && s.ringingLines > 0 ? 'on' : 'off');
      }),
    );
  });

  it('a fault elsewhere never changes the other LEDs', () => {
    fc.assert(
      fc.property(arbSnapshot, arbSnapshot, (a, b) => {
        const mixed: BoxSnapshot = { ...a, disks: b.disks, lowSpaceBytes: b.lowSpaceBytes, modem: b.modem };
        expect(ledStates(mixed).filter((l) => l.led !== 'fault')).toEqual(ledStates(a).filter((l) => l.led !== 'fault'));
      }),
    );
  });
});
