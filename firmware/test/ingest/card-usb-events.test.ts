// usb-detection is optional: absent, broken or present, loading it never throws, and what it
// starts can be stopped (else the daemon would never exit).
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadUsbEvents } from '../../src/ingest/card/usb-events.js';

function capturingLog() {
  const lines: { msg: string; reason?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as { msg: string; reason?: string }) });
  return { log, lines };
}

class FakeDetection extends EventEmitter {
  monitoring = false;
  startMonitoring() {
    this.monitoring = true;
  }
  stopMonitoring() {
    this.monitoring = false;
  }
}

describe('loadUsbEvents', () => {
  it('not installed: null, and the log says polling only', async () => {
    const { log, lines } = capturingLog();
    const err = Object.assign(new Error("Cannot find package 'usb-detection'"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(await loadUsbEvents(log, () => Promise.reject(err))).toBeNull();
    expect(lines).toMatchObject([{ msg: 'usb-detection unavailable: cards are found by polling only', reason: 'not installed' }]);
  });

  it('installed but its native part cannot start: null with the reason', async () => {
    const { log, lines } = capturingLog();
    const broken = new FakeDetection();
    broken.startMonitoring = () => {
      throw new Error('libudev.so.1: cannot open shared object file');
    };
    expect(await loadUsbEvents(log, async () => ({ default: broken }))).toBeNull();
    expect(lines[0]?.reason).toBe('libudev.so.1: cannot open shared object file');
    expect(await loadUsbEvents(log, async () => ({ default: { nothing: true } }))).toBeNull();
  });

  it('passes add and remove on; a throwing listener is logged; stop removes listeners and stops monitoring', async () => {
    const { log, lines } = capturingLog();
    const det = new FakeDetection();
    const usb = (await loadUsbEvents(log, async () => ({ default: det })))!;
    expect(det.monitoring).toBe(true);
    let calls = 0;
    usb.onChange(() => {
      calls++;
      throw new Error('listener bug');
    });
    det.emit('add', { vendorId: 1 });
    det.emit('remove', { vendorId: 1 });
    expect(calls).toBe(2);
    expect(lines.filter((l) => l.msg === 'USB event listener failed')).toHaveLength(2);
    usb.stop();
    usb.stop();
    expect(det.monitoring).toBe(false);
    expect(det.listenerCount('add') + det.listenerCount('remove')).toBe(0);
  });

  // On machines where the optional package built (CI installs libudev-dev), the real one.
  const installed = (() => {
    try {
      createRequire(import.meta.url).resolve('usb-detection');
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!installed)('the real usb-detection starts and stops (the test process would hang if it did not)', async () => {
    const { log } = capturingLog();
    const usb = await loadUsbEvents(log);
    expect(usb).not.toBeNull();
    usb!.onChange(() => undefined);
    usb!.stop();
  });
});
