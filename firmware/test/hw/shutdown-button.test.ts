// The eject button held (H5): the configured command (the root helper's poweroff on the Pi) is
// run once, with a beep; without a command (a laptop) the press is refused and logged, and
// nothing is run. The button here is a stand-in Gpio whose long press the test fires, as
// OnoffGpio fires it from the pin (onoff-gpio.test.ts covers the pin to long-press part).
import { describe, expect, it, vi } from 'vitest';
import type { Gpio } from '../../src/hw/gpio.js';
import { wireShutdownButton, type CommandRun } from '../../src/hw/shutdown-button.js';
import type { Logger } from '../../src/log.js';

/** A Gpio whose button can be held; it remembers the buzzer. */
class HeldButtonGpio implements Gpio {
  buzzer = false;
  private readonly fns = new Set<() => void>();
  setLed(): void {}
  setBuzzer(on: boolean): void {
    this.buzzer = on;
  }
  onEjectButton(): () => void {
    return () => {};
  }
  close(): void {}
  onLongPress(fn: () => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  hold(): void {
    for (const fn of this.fns) fn();
  }
}

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const at =
    (level: string) =>
    (a: unknown, b?: unknown): void => {
      lines.push({ level, msg: typeof a === 'string' ? a : String(b) });
    };
  const log = { warn: at('warn'), error: at('error'), info: at('info'), debug: at('debug') } as unknown as Logger;
  return { log, lines };
}

describe('the long press', () => {
  it('runs the configured shutdown command, split into words, and beeps', async () => {
    const gpio = new HeldButtonGpio();
    const run = vi.fn<CommandRun>(async () => {});
    const { log, lines } = recordingLog();
    wireShutdownButton(gpio, { command: '/usr/local/libexec/studio-box/helper poweroff', log, run, beepMs: 1 });
    gpio.hold();
    expect(run).toHaveBeenCalledExactlyOnceWith('/usr/local/libexec/studio-box/helper', ['poweroff']);
    expect(gpio.buzzer).toBe(true);
    await vi.waitFor(() => expect(gpio.buzzer).toBe(false));
    expect(lines).toContainEqual({ level: 'warn', msg: 'button held: shutting down' });
  });

  it('off the Pi (no command): refused and logged, nothing run, this computer stays on', () => {
    const gpio = new HeldButtonGpio();
    const run = vi.fn<CommandRun>(async () => {});
    const { log, lines } = recordingLog();
    wireShutdownButton(gpio, { command: null, log, run });
    gpio.hold();
    expect(run).not.toHaveBeenCalled();
    expect(gpio.buzzer).toBe(false);
    expect(lines).toEqual([{ level: 'warn', msg: expect.stringMatching(/shutdown refused.*longPressCommand is not set.*stays on/) }]);
  });

  it('a command that fails is logged, not thrown into the button’s loop', async () => {
    const gpio = new HeldButtonGpio();
    const { log, lines } = recordingLog();
    wireShutdownButton(gpio, { command: 'helper poweroff', log, run: async () => Promise.reject(new Error('helper: not allowed')), beepMs: 1 });
    expect(() => gpio.hold()).not.toThrow();
    await vi.waitFor(() => expect(lines.map((l) => l.level)).toContain('error'));
  });

  it('unsubscribing stops listening', () => {
    const gpio = new HeldButtonGpio();
    const run = vi.fn<CommandRun>(async () => {});
    const { log } = recordingLog();
    const off = wireShutdownButton(gpio, { command: 'helper poweroff', log, run });
    off();
    gpio.hold();
    expect(run).not.toHaveBeenCalled();
  });
});
