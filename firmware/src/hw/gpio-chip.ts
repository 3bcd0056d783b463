// Which sysfs GPIO numbers are the Pi's header pins. Since kernel 6.6 (Raspberry Pi OS Bookworm
// updates) the Pi's pin controller no longer starts at 0 in /sys/class/gpio: BCM 17 is
// gpio529 on a Pi 4 (base 512) and another number on a Pi 5 (pinctrl-rp1). onoff takes sysfs
// numbers, so the base is read from the chip whose label is the Pi's pin controller.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PI_PINCTRL = /^pinctrl-(bcm2835|bcm2711|bcm2712|rp1)$/;

export function piChipBase(sysfs = '/sys/class/gpio'): number {
  let entries: string[];
  try {
    entries = readdirSync(sysfs).filter((e) => e.startsWith('gpiochip'));
  } catch (err) {
    throw new Error(`no GPIO in ${sysfs} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): not a Raspberry Pi, or set gpio.kind to "none"`);
  }
  const labels: string[] = [];
  for (const chip of entries.sort()) {
    const label = readFileSync(join(sysfs, chip, 'label'), 'utf8').trim();
    labels.push(`${chip}: ${label}`);
    if (PI_PINCTRL.test(label)) return Number(readFileSync(join(sysfs, chip, 'base'), 'utf8').trim());
  }
  throw new Error(`no Raspberry Pi pin controller among the GPIO chips (${labels.join(', ') || 'none'}): set gpio.chipBase`);
}
