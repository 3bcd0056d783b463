// Run by onoff-gpio.test.ts inside a private mount namespace whose /sys/class is an empty tmpfs:
// builds a Pi 4's /sys/class/gpio as kernel 6.6 shows it (pin controller at base 512, pins
// already exported), then drives OnoffGpio — and so onoff itself — against it. Prints "ok".
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { piChipBase } from '../../src/hw/gpio-chip.js';
import { OnoffGpio } from '../../src/hw/onoff-gpio.js';
import { wireShutdownButton } from '../../src/hw/shutdown-button.js';
import { createLogger } from '../../src/log.js';

const sysfs = '/sys/class/gpio';
assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').includes(' /sys/class '), true, 'not in the test namespace: refusing to touch the real /sys');
mkdirSync(sysfs, { recursive: true });
writeFileSync(join(sysfs, 'export'), '');
writeFileSync(join(sysfs, 'unexport'), '');
const chip = (name: string, label: string, base: number) => {
  mkdirSync(join(sysfs, name));
  writeFileSync(join(sysfs, name, 'label'), `${label}\n`);
  writeFileSync(join(sysfs, name, 'base'), `${base}\n`);
};
chip('gpiochip570', 'raspberrypi-exp-gpio', 570);
chip('gpiochip512', 'pinctrl-bcm2711', 512);
const pins = { ready: 5, ingest: 6, unreadSms: 13, fault: 19, call: 26, buzzer: 12, button: 16 };
for (const bcm of Object.values(pins)) {
  const dir = join(sysfs, `gpio${512 + bcm}`);
  mkdirSync(dir);
  for (const [f, v] of [['value', '0'], ['direction', 'in'], ['edge', 'none'], ['active_low', '0']]) writeFileSync(join(dir, f!), v!);
}
const file = (bcm: number, f: string) => readFileSync(join(sysfs, `gpio${512 + bcm}`, f), 'utf8').trim();
const press = (down: boolean) => writeFileSync(join(sysfs, `gpio${512 + pins.button}`, 'value'), down ? '1' : '0');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const base = piChipBase();
assert.equal(base, 512);
const gpio = new OnoffGpio({ pins, chipBase: base, buttonActiveLow: true, debounceMs: 30, longPressMs: 400, pollMs: 5, log: createLogger('silent') });
// Outputs configured as outputs that start off ("low" is sysfs for out-and-low); the button as an input, active low.
for (const bcm of [pins.ready, pins.ingest, pins.unreadSms, pins.fault, pins.call, pins.buzzer]) assert.equal(file(bcm, 'direction'), 'low');
assert.equal(file(pins.button, 'direction'), 'in');
assert.equal(file(pins.button, 'active_low'), '1');

gpio.setLed('ready', true);
assert.equal(file(pins.ready, 'value'), '1');
gpio.setLed('unread-sms', true);
assert.equal(file(pins.unreadSms, 'value'), '1');
gpio.setLed('ready', false);
assert.equal(file(pins.ready, 'value'), '0');
gpio.setBuzzer(true);
assert.equal(file(pins.buzzer, 'value'), '1');
assert.deepEqual(Object.fromEntries(gpio.leds), { ready: false, 'unread-sms': true });

let ejects = 0;
let longs = 0;
gpio.onEjectButton(() => ejects++);
gpio.onLongPress(() => longs++);
// The long press asks for the shutdown the box is configured with (recorded here, not run).
const shutdowns: string[][] = [];
wireShutdownButton(gpio, { command: 'helper poweroff', log: createLogger('silent'), run: async (cmd, args) => void shutdowns.push([cmd, ...args]), beepMs: 5000 });
gpio.setBuzzer(false);
// A short press with a bounce on the way down: one eject, after the release.
press(true);
await sleep(8);
press(false);
await sleep(8);
press(true);
await sleep(150);
assert.equal(ejects, 0, 'no eject while still held');
press(false);
await until('the eject', () => ejects === 1);
await sleep(100);
assert.equal(ejects, 1);
// Held: one long press while held, no eject on release.
press(true);
await until('the long press', () => longs === 1);
press(false);
await sleep(150);
assert.deepEqual({ ejects, longs }, { ejects: 1, longs: 1 });
assert.deepEqual(shutdowns, [['helper', 'poweroff']], 'one shutdown request from the long press, none from the short one');
assert.equal(file(pins.buzzer, 'value'), '1', 'the beep: let go');

gpio.close();
// Everything off when the box stops; the pins handed back.
for (const bcm of [pins.unreadSms, pins.buzzer]) assert.equal(file(bcm, 'value'), '0');
assert.equal(readFileSync(join(sysfs, 'unexport'), 'utf8'), String(512 + pins.button));
process.stdout.write('ok\n');
