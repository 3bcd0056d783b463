import { describe, expect, it } from 'vitest';
import { rankModemPorts, type SeenPort } from '../../src/modem/port-discovery.js';

// Inputs as `SerialPort.list()` gives them on Linux (udev: vendorId/productId lower-case hex,
// pnpId the by-id name), with the /dev/serial/by-id names port-scan.ts adds.

/** The Pi's own UARTs: listed, but without USB ids. */
const PI_UARTS: SeenPort[] = [
  { path: '/dev/ttyAMA0', manufacturer: undefined, vendorId: undefined, productId: undefined, pnpId: undefined },
  { path: '/dev/ttyS0', manufacturer: undefined, vendorId: undefined, productId: undefined, pnpId: undefined },
];
const SERIAL0 = { path: '/dev/serial0', target: '/dev/ttyS0' };

const SIMTECH = 'usb-SimTech__Incorporated_SimTech__Incorporated_0123456789ABCDEF';
function sim7600(first: number, withById = true): SeenPort[] {
  return [0, 1, 2, 3, 4].map((i) => ({
    path: `/dev/ttyUSB${first + i}`,
    manufacturer: 'SimTech, Incorporated',
    serialNumber: '0123456789ABCDEF',
    vendorId: '1e0e',
    productId: '9001',
    ...(withById ? { pnpId: `${SIMTECH}-if0${i}-port0`, byId: `${SIMTECH}-if0${i}-port0` } : {}),
  }));
}

// A Quectel EC25 with older firmware calls itself "Android".
function ec25(first: number): SeenPort[] {
  return [0, 1, 2, 3].map((i) => ({
    path: `/dev/ttyUSB${first + i}`,
    manufacturer: 'Android',
    vendorId: '2c7c',
    productId: '0125',
    pnpId: `usb-Android_Android-if0${i}-port0`,
    byId: `usb-Android_Android-if0${i}-port0`,
  }));
}

function ch340(path: string): SeenPort {
  return { path, manufacturer: '1a86', vendorId: '1a86', productId: '7523', pnpId: 'usb-1a86_USB2.0-Serial-if00-port0', byId: 'usb-1a86_USB2.0-Serial-if00-port0' };
}

/** The 32 legacy ports the 8250 driver registers on every PC. */
const LAPTOP_TTYS: SeenPort[] = Array.from({ length: 32 }, (_, i) => ({ path: `/dev/ttyS${i}` }));

const paths = (c: { path: string }[]) => c.map((x) => x.path);

describe('rankModemPorts', () => {
  it('Pi 4 with a SIM7600 USB dongle: its AT port (if02), then its modem port (if03); never DIAG or NMEA', () => {
    const c = rankModemPorts({ ports: [...PI_UARTS, ...sim7600(0)], uart: SERIAL0 });
    expect(c).toEqual([
      { path: '/dev/ttyUSB2', reason: `SIM7600 AT port, USB interface 02, by-id ${SIMTECH}-if02-port0`, key: `${SIMTECH}-if02-port0` },
      { path: '/dev/ttyUSB3', reason: `SIM7600 modem port, USB interface 03, by-id ${SIMTECH}-if03-port0`, key: `${SIMTECH}-if03-port0` },
      { path: '/dev/serial0', reason: 'Pi UART for a GSM HAT, links to ttyS0', key: '/dev/serial0' },
    ]);
    expect(paths(c)).not.toContain('/dev/ttyUSB0');
    expect(paths(c)).not.toContain('/dev/ttyUSB1');
  });

  it('goes by the USB interface, not the number: the SIM7600 after a USB-serial adapter', () => {
    const c = rankModemPorts({ ports: [ch340('/dev/ttyUSB0'), ...sim7600(1)], uart: null });
    expect(paths(c)).toEqual(['/dev/ttyUSB3', '/dev/ttyUSB4', '/dev/ttyUSB0']);
    expect(c[0]!.reason).toMatch(/^SIM7600 AT port, USB interface 02, by-id /);
  });

  it('the SIM7600 without by-id information: the 3rd of its ports, said to be a guess', () => {
    const c = rankModemPorts({ ports: [...PI_UARTS, ...sim7600(0, false)], uart: SERIAL0 });
    expect(c).toEqual([
      { path: '/dev/ttyUSB2', reason: 'SIM7600 AT port, a guess: the 3rd of its 5 ports, USB interface unknown', key: '/dev/ttyUSB2' },
      { path: '/dev/serial0', reason: 'Pi UART for a GSM HAT, links to ttyS0', key: '/dev/serial0' },
    ]);
    // Counted among its own ports, not among all: ttyUSB3 of ttyUSB1..5.
    expect(paths(rankModemPorts({ ports: [ch340('/dev/ttyUSB0'), ...sim7600(1, false)] }))).toEqual(['/dev/ttyUSB3', '/dev/ttyUSB0']);
  });

  it('the by-id name from pnpId alone (serialport on Linux) is enough', () => {
    const ports = sim7600(0).map(({ byId: _, ...p }) => p);
    expect(rankModemPorts({ ports })[0]).toMatchObject({ path: '/dev/ttyUSB2', reason: expect.stringMatching(/^SIM7600 AT port, USB interface 02, by-id /) });
  });

  it('a module whose AT interface is not there (driver bound DIAG and NMEA only) has no candidate', () => {
    expect(rankModemPorts({ ports: sim7600(0).slice(0, 2), uart: null })).toEqual([]);
    expect(rankModemPorts({ ports: sim7600(0, false).slice(0, 2), uart: null })).toEqual([]);
  });

  it('Pi with a SIM800 HAT only: /dev/serial0, never ttyAMA0 or ttyS0 by their own names', () => {
    expect(rankModemPorts({ ports: PI_UARTS, uart: SERIAL0 })).toEqual([{ path: '/dev/serial0', reason: 'Pi UART for a GSM HAT, links to ttyS0', key: '/dev/serial0' }]);
    // A Pi 3 with Bluetooth off: serial0 links to ttyAMA0.
    expect(rankModemPorts({ ports: PI_UARTS, uart: { path: '/dev/serial0', target: '/dev/ttyAMA0' } })[0]!.reason).toBe('Pi UART for a GSM HAT, links to ttyAMA0');
  });

  it('laptop with a CH340 SIM800 board: the adapter; none of the 32 legacy ttyS ports', () => {
    expect(rankModemPorts({ ports: [...LAPTOP_TTYS, ch340('/dev/ttyUSB0')], uart: null })).toEqual([
      { path: '/dev/ttyUSB0', reason: 'CH340 USB-serial adapter 1a86:7523, as on SIM800 boards', key: 'usb-1a86_USB2.0-Serial-if00-port0' },
    ]);
    expect(rankModemPorts({ ports: LAPTOP_TTYS, uart: null })).toEqual([]);
  });

  it('a box with an EC25 and a CH340 board: the EC25 first, whatever the numbering', () => {
    const c = rankModemPorts({ ports: [ch340('/dev/ttyUSB0'), ...ec25(1)], uart: null });
    expect(c).toEqual([
      { path: '/dev/ttyUSB3', reason: 'Quectel EC25/EG25/EC21 AT port, USB interface 02, by-id usb-Android_Android-if02-port0', key: 'usb-Android_Android-if02-port0' },
      { path: '/dev/ttyUSB4', reason: 'Quectel EC25/EG25/EC21 modem port, USB interface 03, by-id usb-Android_Android-if03-port0', key: 'usb-Android_Android-if03-port0' },
      { path: '/dev/ttyUSB0', reason: 'CH340 USB-serial adapter 1a86:7523, as on SIM800 boards', key: 'usb-1a86_USB2.0-Serial-if00-port0' },
    ]);
  });

  it('an EC20 (Qualcomm ids) is known too; upper-case ids are read alike', () => {
    const ports = ec25(0).map((p) => ({ ...p, vendorId: '05C6', productId: '9215' }));
    expect(rankModemPorts({ ports })[0]).toMatchObject({ path: '/dev/ttyUSB2', reason: expect.stringMatching(/^Quectel EC20 AT port/) });
  });

  it('adapters in path order (ttyUSB2 before ttyUSB10); unknown USB devices are not tried', () => {
    const cp210x: SeenPort = { path: '/dev/ttyUSB10', vendorId: '10c4', productId: 'ea60', manufacturer: 'Silicon Labs' };
    const ftdi: SeenPort = { path: '/dev/ttyUSB2', vendorId: '0403', productId: '6001', manufacturer: 'FTDI' };
    const pl2303: SeenPort = { path: '/dev/ttyUSB3', vendorId: '067b', productId: '2303', manufacturer: 'Prolific Technology Inc.' };
    const arduino: SeenPort = { path: '/dev/ttyACM0', vendorId: '2341', productId: '0043', manufacturer: 'Arduino (www.arduino.cc)' };
    const c = rankModemPorts({ ports: [cp210x, arduino, pl2303, ftdi], uart: null });
    expect(paths(c)).toEqual(['/dev/ttyUSB2', '/dev/ttyUSB3', '/dev/ttyUSB10']);
    expect(c.map((x) => x.reason)).toEqual([
      'FTDI FT232R USB-serial adapter 0403:6001, as on SIM800 boards',
      'PL2303 USB-serial adapter 067b:2303, as on SIM800 boards',
      'CP210x USB-serial adapter 10c4:ea60, as on SIM800 boards',
    ]);
  });

  it("the analog landline modem's port is never a candidate (by its /dev name, its by-id path or serial0's target)", () => {
    const landline: SeenPort = {
      path: '/dev/ttyUSB1', vendorId: '067b', productId: '2303', manufacturer: 'Prolific Technology Inc.',
      pnpId: 'usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0', byId: 'usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0',
    };
    const ports = [ch340('/dev/ttyUSB0'), landline];
    expect(paths(rankModemPorts({ ports, uart: SERIAL0 }))).toEqual(['/dev/ttyUSB0', '/dev/ttyUSB1', '/dev/serial0']);
    expect(paths(rankModemPorts({ ports, uart: SERIAL0, exclude: ['/dev/ttyUSB1'] }))).toEqual(['/dev/ttyUSB0', '/dev/serial0']);
    const byId = '/dev/serial/by-id/usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0';
    expect(paths(rankModemPorts({ ports, uart: SERIAL0, exclude: [byId] }))).toEqual(['/dev/ttyUSB0', '/dev/serial0']);
    // A landline modem on the Pi's UART, named by either name.
    expect(paths(rankModemPorts({ ports, uart: SERIAL0, exclude: ['/dev/ttyS0'] }))).toEqual(['/dev/ttyUSB0', '/dev/ttyUSB1']);
    expect(paths(rankModemPorts({ ports, uart: SERIAL0, exclude: ['/dev/serial0'] }))).toEqual(['/dev/ttyUSB0', '/dev/ttyUSB1']);
  });

  it('nothing at all: no candidate', () => {
    expect(rankModemPorts({ ports: [] })).toEqual([]);
    expect(rankModemPorts({ ports: [], uart: null, exclude: [] })).toEqual([]);
  });
});
