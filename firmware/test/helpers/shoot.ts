// A shoot on a test box: a card of `count` real JPEGs (sharp, EXIF) pushed into the development
// card slot and copied by the real ingest into "<customer>/<order label>/originals/", then,
// when asked, every thumbnail made. For selection tests and the selection benchmark.
import type { IngestCard, IngestJobInfo } from '../../src/api-types.js';
import { CardSlot } from './card-slot.js';
import type { ApiClient } from './http-client.js';
import type { TestBox } from './test-box.js';
import { waitFor } from './wait-for.js';

let cards = 0;

export async function ingestShoot(tb: TestBox, client: ApiClient, customerId: number, orderLabel: string, count: number, opts: { thumbnails?: boolean } = {}): Promise<IngestJobInfo> {
  const slot = new CardSlot(tb.dataDir);
  const label = `SHOOT_${++cards}_${process.pid}`;
  await slot.make(label, { jpegs: count, firstShot: '2026:11:23 10:00:00' });
  slot.insert(label);
  const card = await waitFor(
    async () => (await client.get<IngestCard[]>('/api/ingest/cards')).data?.find((c) => c.card.label === label && c.scan !== null),
    `card ${label} scanned`,
    60_000,
    100,
  );
  const r = await client.post<IngestJobInfo>('/api/ingest/jobs', { cardId: card.card.cardId, customerId, orderLabel });
  if (r.status !== 201) throw new Error(`ingest: ${r.status} ${JSON.stringify(r.error)}`);
  const job = await waitFor(
    async () => {
      const j = (await client.get<IngestJobInfo[]>(`/api/ingest/jobs?customerId=${customerId}`)).data.find((x) => x.id === r.data.id);
      return j && ['done', 'failed', 'interrupted'].includes(j.state) ? j : null;
    },
    `job ${r.data.id} to end`,
    300_000,
    100,
  );
  if (job.state !== 'done') throw new Error(`ingest job ended ${job.state}`);
  try {
    slot.pull(label); // out of the slot, so the next card is the only one there
  } catch {
    // already taken out by the eject
  }
  if (opts.thumbnails !== false) await tb.box.ctx.thumbs.drained();
  return job;
}
