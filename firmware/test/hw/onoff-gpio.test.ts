// OnoffGpio through the real onoff against a fake /sys/class/gpio (a tmpfs in a private mount
// namespace, so the machine's own /sys is never touched): sysfs-gpio-check.ts does the driving.
// And the chip base of kernel 6.6, and the config's GPIO settings.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { piChipBase } from '../../src/hw/gpio-chip.js';
import { root } from '../helpers/cli-daemon.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-gpio-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('OnoffGpio on a fake sysfs', () => {
  it('drives the LEDs and buzzer, reads the button (bounce, press, long press → the shutdown request), lets go on close', () => {
    const script = join(root, 'firmware/test/hw/sysfs-gpio-check.ts');
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs tmpfs /sys/class && exec "$0" --import tsx "$1"', process.execPath, script], {
      encoding: 'utf8',
      cwd: root,
      timeout: 60_000,
    });
    expect(r.error, 'unshare (util-linux) is needed').toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok\n');
    expect(r.status).toBe(0);
  }, 90_000);
});

describe('piChipBase', () => {
  const fake = (chips: [string, string, number][]) => {
    const dir = mkdtempSync(join(scratch, 'sysfs-'));
    for (const [name, label, base] of chips) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'label'), `${label}\n`);
      writeFileSync(join(dir, name, 'base'), `${base}\n`);
    }
    return dir;
  };
  it('finds the pin controller of a Pi 4 (kernel 6.6), a Pi 5 and an older kernel', () => {
    expect(piChipBase(fake([['gpiochip512', 'pinctrl-bcm2711', 512], ['gpiochip570', 'raspberrypi-exp-gpio', 570]]))).toBe(512);
    expect(piChipBase(fake([['gpiochip571', 'pinctrl-rp1', 571], ['gpiochip512', 'gpio-brcmstb@107d508500', 512]]))).toBe(571);
    expect(piChipBase(fake([['gpiochip0', 'pinctrl-bcm2835', 0]]))).toBe(0);
  });
  it('says what it found when there is no Pi pin controller, or no GPIO at all', () => {
    expect(() => piChipBase(fake([['gpiochip0', 'gpio-mockup-A', 0]]))).toThrow(/no Raspberry Pi pin controller among the GPIO chips \(gpiochip0: gpio-mockup-A\): set gpio.chipBase/);
    expect(() => piChipBase(join(scratch, 'nothing'))).toThrow(/no GPIO in .*nothing \(ENOENT\): not a Raspberry Pi, or set gpio.kind to "none"/);
  });
});

describe('gpio config', () => {
  it('defaults to none with the documented pins; refuses a pin off the header', () => {
    const c = loadConfig({ overrides: { gpio: { kind: 'onoff', chipBase: 512 } } });
    expect(c.gpio).toMatchObject({ kind: 'onoff', chipBase: 512, pins: { ready: 5, button: 16 }, longPressSeconds: 3 });
    expect(loadConfig().gpio.kind).toBe('none');
    expect(() => loadConfig({ overrides: { gpio: { pins: { fault: 40 } } } })).toThrow(/gpio\.pins\.fault: /);
    expect(() => loadConfig({ overrides: { gpio: { kind: 'wiringpi' } } })).toThrow(/gpio\.kind: /);
  });
});
