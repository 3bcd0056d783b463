// USB attach/detach events from the optional `usb-detection` package, used to look for cards
// at once when a reader or a USB disk is plugged in. Optional in every sense: the package is an
// optional dependency (it needs libudev to build), so it is loaded with a dynamic import and a
// box without it still finds cards through the periodic poll, which it needs anyway: a reader
// that stays plugged in sends no USB event when the card in it changes.
import type { Logger } from '../../log.js';

export interface UsbEvents {
  /** Called on every USB device added or removed. */
  onChange(fn: () => void): void;
  stop(): void;
}

/** The part of usb-detection we use (its own types are not needed to compile without it). */
interface UsbDetection {
  startMonitoring(): void;
  stopMonitoring(): void;
  on(event: 'add' | 'remove', fn: () => void): unknown;
  removeListener(event: 'add' | 'remove', fn: () => void): unknown;
}

export type ModuleImporter = (name: string) => Promise<unknown>;

// A variable, so TypeScript does not try to resolve a package that may be absent.
const USB_DETECTION = 'usb-detection';
const defaultImporter: ModuleImporter = (name) => import(name);

/**
 * Starts USB monitoring, or answers null (saying why in the log) when usb-detection is not
 * installed or cannot start. Call `stop()`: the monitor keeps the process alive.
 */
export async function loadUsbEvents(log: Logger, importer: ModuleImporter = defaultImporter): Promise<UsbEvents | null> {
  let det: UsbDetection;
  try {
    const mod = (await importer(USB_DETECTION)) as { default?: unknown };
    const candidate = (mod.default ?? mod) as Partial<UsbDetection>;
    if (typeof candidate.startMonitoring !== 'function' || typeof candidate.on !== 'function' || typeof candidate.removeListener !== 'function') {
      throw new Error('usb-detection does not look like usb-detection (no startMonitoring/on)');
    }
    det = candidate as UsbDetection;
    det.startMonitoring();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'not installed' : (err as Error).message;
    log.info({ reason: why }, 'usb-detection unavailable: cards are found by polling only');
    return null;
  }
  const listeners: (() => void)[] = [];
  let stopped = false;
  return {
    onChange(fn) {
      const safe = () => {
        try {
          fn();
        } catch (err) {
          log.error({ err }, 'USB event listener failed');
        }
      };
      listeners.push(safe);
      det.on('add', safe);
      det.on('remove', safe);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const fn of listeners) {
        det.removeListener('add', fn);
        det.removeListener('remove', fn);
      }
      det.stopMonitoring();
    },
  };
}
