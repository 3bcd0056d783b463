// PDU codec throughput: encode and decode 100,000 mixed messages (GSM-7 short and long,
// Chinese, Vietnamese, emoji). The modem sends about 1 SMS/s; the codec must never matter.
import { decodePdu, encodeSubmit } from '../firmware/src/modem/pdu/index.js';
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
}
