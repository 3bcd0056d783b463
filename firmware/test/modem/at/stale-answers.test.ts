// Issue 13.2 through the real pty: the modem goes silent after Ctrl-Z for longer than the box
// waits, the box's recovery probes queue up in it, and it answers them all in a burst when it
// wakes. None of those stale answers may be taken for a later command's: AT+CMGS is sent only
// with its prompt and `+CMGS: <mr>`, and AT+CMGL=4 is never answered "empty" by someone's OK.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AtResponse } from '../../../src/modem/at/channel.js';
import { ModemLink } from '../../../src/modem/at/link.js';
import { encodeSubmit } from '../../../src/modem/pdu/encode-submit.js';
import { startSimulatedModem, type SimulatedModemHandle } from '../../../src/modem/simulator/simulated-modem.js';
import { parseListing } from '../../../src/modem/sms/sms-receiver.js';

let dir: string;
let sim: SimulatedModemHandle;
let link: ModemLink;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-box-stale-'));
  sim = await startSimulatedModem({ dir, habits: { seed: 13, maxChunkBytes: 7, chunkDelayMs: 1 } });
  link = new ModemLink({
    path: sim.devicePath,
    backoffInitialMs: 100,
    backoffMaxMs: 200,
    probeAttempts: 8,
    probeTimeoutMs: 150,
    initCommands: ['AT+CNMI=2,1,0,1,0', 'AT+CLIP=1'],
    channel: { resyncTimeoutMs: 200, resyncAttempts: 3, quietMs: 100 },
  });
  await link.start();
  await link.whenReady(15_000);
});

afterEach(async () => {
  await link.stop();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

const part = (text: string) => encodeSubmit({ to: '+8613912345678', text }).parts[0]!;
const cmgs = (text: string, timeoutMs = 10_000): Promise<AtResponse> => {
  const p = part(text);
  return link.run({ command: `AT+CMGS=${p.tpduLength}`, payload: p.hex, expect: { kind: 'prefix', prefixes: ['+CMGS:'] }, required: true, timeoutMs, promptTimeoutMs: 2_000 });
};
const cmgl = () => link.run({ command: 'AT+CMGL=4', expect: { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true }, timeoutMs: 5_000 });

it('after a long silence after Ctrl-Z, the burst of stale OKs answers none of the later commands', async () => {
  // Two replies wait on the SIM.
  sim.simulator.receiveText('+8613912345678', 'first reply', { notify: false });
  sim.simulator.receiveText('+8613912345678', 'second reply', { notify: false });
  sim.simulator.silenceAfterNextSubmit(2_500);
  await expect(cmgs('into the silence', 400)).rejects.toThrow(/no final result after the payload/);

  // What the sender and the receiver do next, again and again while the link recovers: every
  // answer they accept must be the command's own.
  const accepted: { mr: number | null; sentBefore: number }[] = [];
  let listed: number[] | null = null;
  const deadline = Date.now() + 30_000;
  let i = 0;
  while ((accepted.length < 3 || listed === null) && Date.now() < deadline) {
    if (!link.channel) {
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    const before = sim.simulator.sent.length;
    const [s, l] = await Promise.allSettled([cmgs(`after ${i++}`), cmgl()]);
    if (s.status === 'fulfilled') {
      const m = /^\+CMGS: (\d+)$/.exec(s.value.lines[0] ?? '');
      accepted.push({ mr: m ? Number(m[1]) : null, sentBefore: before });
    }
    if (l.status === 'fulfilled' && listed === null) listed = parseListing(l.value.lines, '+CMGL:').map((e) => e.index);
  }
  // Every accepted AT+CMGS had its `+CMGS: <mr>`, and the modem really took that message.
  expect(accepted.length).toBeGreaterThanOrEqual(3);
  for (const a of accepted) expect(a.mr).not.toBeNull();
  const mrs = sim.simulator.sent.map((x) => x.mr);
  for (const a of accepted) expect(mrs).toContain(a.mr);
  // The first listing the box accepted shows both replies: no stale OK passed for "empty".
  expect(listed).toEqual([1, 2]);
}, 60_000);
