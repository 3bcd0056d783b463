// The box's Gpio from config: the Pi's pins through onoff, or the no-op stand-in. A Pi whose
// pins cannot be opened (no gpio group, another program holds them) still runs as a box, without
// its lights: the reason is logged. The long press is wired by shutdown-button.ts.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { piChipBase } from './gpio-chip.js';
import { NoopGpio, type Gpio } from './gpio.js';
import { OnoffGpio } from './onoff-gpio.js';

export function makeGpio(c: Config['gpio'], log: Logger): Gpio {
  if (c.kind === 'none') return new NoopGpio();
  try {
    const gpio = new OnoffGpio({
      pins: c.pins,
      chipBase: c.chipBase === 'auto' ? piChipBase() : c.chipBase,
      buttonActiveLow: c.buttonActiveLow,
      debounceMs: c.debounceMs,
      longPressMs: c.longPressSeconds * 1000,
      pollMs: c.pollMs,
      log,
    });
    return gpio;
  } catch (err) {
    log.error({ err }, 'GPIO not available: the LEDs, buzzer and button do nothing');
    return new NoopGpio();
  }
}
