// PDU codec throughput: encode and decode 100,000 mixed messages (GSM-7 short and long,
// Chinese, Vietnamese, emoji). The modem sends about 1 SMS/s; the codec must never matter.
// Then the whole outbox: 1,000 messages through the daemon's sender, the AT channel,
// serialport and a pty to the simulator answering at once (its fastest setting).
import { decodePdu, encodeSubmit } from '../firmware/src/modem/pdu/index.js';
import { startBenchDaemon } from './bench-daemon.js';
import { timeMs } from './timing.js';

const MESSAGES = Number(process.env.BENCH_PDU_MESSAGES ?? 100_000); // smaller for a quick try

const SAMPLES = [
  'Your photos are ready. Pick them up at Studio Box, 12 Main St.',
  'Dear customer, your album {wedding-2024} is ready: 120 prints [A4], total €85. Reply STOP to opt out. '.repeat(3),
  '您好，您的照片已经准备好了，请到店领取。谢谢！',
  '您好，您的婚纱照相册已经制作完成，共一百二十张照片，请于本周内到店领取，如有疑问请致电我们。'.repeat(2),
  'Cảm ơn quý khách đã sử dụng dịch vụ chụp ảnh của chúng tôi. Ảnh của quý khách đã sẵn sàng.',
  'Happy birthday! 🎂🎉 Your free portrait session is waiting 📸😊',
];

export async function run(): Promise<void> {
  console.log(`PDU codec benchmark: ${MESSAGES.toLocaleString('en')} messages, ${SAMPLES.length} kinds`);
  // Distinct texts (a counter in each), so nothing is cached by accident.
  const texts = Array.from({ length: MESSAGES }, (_, i) => `${SAMPLES[i % SAMPLES.length] ?? ''} #${i}`);
  for (const text of texts.slice(0, 1000)) for (const p of encodeSubmit({ to: '+84901234567', text }).parts) decodePdu(p.hex); // warm-up

  const hexes: string[] = [];
  const encodeMs = timeMs(() => {
    for (let i = 0; i < texts.length; i++) {
      for (const p of encodeSubmit({ to: '+84901234567', text: texts[i] ?? '', concatRef: i & 0xff, statusReport: true }).parts) hexes.push(p.hex);
    }
  });
  let failed = 0;
  const decodeMs = timeMs(() => {
    for (const hex of hexes) if (!decodePdu(hex).ok) failed++;
  });
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
  console.log(`encode: ${rate(MESSAGES, encodeMs)} msgs/s (${MESSAGES.toLocaleString('en')} messages -> ${hexes.length.toLocaleString('en')} parts in ${encodeMs.toFixed(0)} ms)`);
  console.log(`decode: ${rate(hexes.length, decodeMs)} parts/s, ${rate(MESSAGES, decodeMs)} msgs/s (${decodeMs.toFixed(0)} ms)${failed ? `, ${failed} FAILED` : ''}`);
  await outboxBench();
}

const OUTBOX_MESSAGES = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 1000);

async function outboxBench(): Promise<void> {
  const daemon = await startBenchDaemon('outbox', { sms: { perMinute: 1_000_000 } });
  const box = daemon.box;
  try {
    const sms = box.ctx.sms;
    let parts = 0;
    const t0 = performance.now();
    for (let i = 0; i < OUTBOX_MESSAGES; i++) {
      const m = sms.send({ to: `+86138${String(i).padStart(8, '0')}`, text: `${SAMPLES[i % SAMPLES.length] ?? ''} #${i}` }, null);
      parts += m.partsTotal;
    }
    const queuedMs = performance.now() - t0;
    const count = box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sms_outbox WHERE state = 'sent'`);
    while ((count.get() as { n: number }).n < OUTBOX_MESSAGES) {
      if (performance.now() - t0 > 600_000) throw new Error('the outbox did not drain in 10 minutes');
      await new Promise((r) => setTimeout(r, 20));
    }
    const totalMs = performance.now() - t0;
    const sent = box.modem!.simulator!.simulator.sent.length;
    console.log(
      `outbox: ${OUTBOX_MESSAGES.toLocaleString('en')} messages (${parts.toLocaleString('en')} parts) queued in ${queuedMs.toFixed(0)} ms, ` +
        `all sent through the pty simulator in ${(totalMs / 1000).toFixed(1)} s: ${((parts / totalMs) * 1000).toFixed(0)} parts/s ` +
        `(${((OUTBOX_MESSAGES / totalMs) * 1000).toFixed(0)} msgs/s; a modem does ~1 SMS/s: ${((parts / totalMs) * 1000).toFixed(0)}x headroom); the modem got ${sent} PDUs`,
    );
  } finally {
    await daemon.close();
  }
}
