// The ingest desk (ingest-desk.ts) with the real copy engine on real folders and stand-ins for
// the card reader, the disks' health, the GPIO and the thumbnail queue: the LED blinks during a
// copy only, thumbnails wait for the copy, the card is unmounted (with retries while busy) and
// only then called safe to remove, progress is throttled, "today" is the studio's today, and the
// disks' verdict (missing backup, low space, the override's double need) is right.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardInfo, DiskHealth, IngestEnded, ServerEvent } from '../../src/api-types.js';
import type { Db } from '../../src/db/connection.js';
import type { Led } from '../../src/hw/gpio.js';
import type { CardSource, CardSourceEvents } from '../../src/ingest/card/card-source.js';
import type { Disk } from '../../src/ingest/disks/disk.js';
import { IngestDesk, type ThumbWork } from '../../src/ingest/ingest-desk.js';
import { IngestService } from '../../src/ingest/ingest-service.js';
import type { ThumbJob } from '../../src/ingest/thumbnail-queue.js';
import { waitFor } from '../helpers/wait-for.js';
import { addCustomer, cameraJpeg, Scratch, silentLog, testDb, writeTree } from './engine-helpers.js';

class FakeCards extends EventEmitter<CardSourceEvents> implements CardSource {
  present: CardInfo[] = [];
  ejectFailures = 0;
  ejectCalls = 0;
  async start() {}
  async stop() {}
  async rescan() {}
  status() {
    return { state: 'simulated' as const, kind: 'fake', path: null, cardPresent: this.present.length > 0, cards: this.present, detail: null };
  }
  cards() {
    return this.present;
  }
  async eject(cardId: string) {
    this.ejectCalls++;
    if (this.ejectFailures > 0) {
      this.ejectFailures--;
      throw new Error('umount: target is busy');
    }
    this.present = this.present.filter((c) => c.cardId !== cardId);
    this.emit('card-ejected', { cardId });
  }
  insert(cardId: string, root: string) {
    const c: CardInfo = { cardId, label: cardId, root, fsType: 'folder', device: null, sizeBytes: null, readOnly: false, insertedAt: new Date().toISOString() };
    this.present.push(c);
    this.emit('card-inserted', c);
  }
}

class FakeDisk implements Disk {
  health_: Partial<DiskHealth> = {};
  constructor(
    readonly role: 'library' | 'backup',
    readonly root: string,
  ) {}
  async start() {}
  async health(): Promise<DiskHealth> {
    return { role: this.role, path: this.root, state: 'ok', freeBytes: 500e9, totalBytes: 1000e9, error: null, reason: null, ...this.health_ };
  }
  async lowSpace() {
    return false;
  }
  async stillMounted() {
    return true;
  }
}

class FakeGpio {
  changes: { on: boolean; at: number }[] = [];
  setLed(led: Led, on: boolean) {
    if (led === 'ingest') this.changes.push({ on, at: performance.now() });
  }
  setBuzzer() {}
  onEjectButton() {
    return () => {};
  }
  onLongPress() {
    return () => {};
  }
  close() {}
}

class FakeThumbs implements ThumbWork {
  log: string[] = [];
  enqueued: ThumbJob[] = [];
  async pause() {
    this.log.push('pause');
  }
  resume() {
    this.log.push('resume');
  }
  enqueue(job: ThumbJob) {
    this.enqueued.push(job);
  }
}

describe('ingest desk', () => {
  let scratch: Scratch;
  let db: Db;
  let engine: IngestService;
  let desk: IngestDesk;
  let cards: FakeCards;
  let library: FakeDisk;
  let backup: FakeDisk;
  let gpio: FakeGpio;
  let thumbs: FakeThumbs;
  let events: ServerEvent[];
  let now: Date;
  let tz: string;
  let slowVerify = 0;

  const make = async (o: { progressIntervalMs?: number; ejectAttempts?: number } = {}) => {
    engine = new IngestService({
      db, clock: () => now, log: silentLog, libraryRoot: scratch.folder('lib'), backupRoot: scratch.folder('bak'), timeZone: () => tz,
      hooks: { beforeVerify: () => (slowVerify ? new Promise((r) => setTimeout(r, slowVerify)) : undefined) },
      progressIntervalMs: 5,
    });
    library = new FakeDisk('library', scratch.folder('lib'));
    backup = new FakeDisk('backup', scratch.folder('bak'));
    desk = new IngestDesk({
      db, ingest: engine, libraryOnly: null, holding: null, cardSource: cards, library, backup,
      events: { publish: (type, data) => events.push({ id: events.length + 1, type, at: now.toISOString(), data }) },
      thumbs, metas: null, gpio, clock: () => now, log: silentLog, timeZone: () => tz, lowSpaceWarnBytes: 10e9,
      uploadRoot: scratch.folder('uploads'), blinkMs: 15, ejectRetryMs: 10, ejectAttempts: o.ejectAttempts ?? 3, progressIntervalMs: o.progressIntervalMs ?? 0,
    });
    await desk.startEngines();
    desk.start();
  };
  const admin = { id: 1, name: 'Boss', isAdmin: true };
  const staff = { id: 2, name: 'Hoa', isAdmin: false };
  const card = async (id: string, n = 3) => {
    const root = scratch.folder('cards', id);
    const spec: Record<string, Buffer> = {};
    for (let i = 0; i < n; i++) spec[`IMG_${id}_${i}.JPG`] = await cameraJpeg(i + id.length * 10);
    writeTree(root, { '100CANON': spec });
    cards.insert(id, root);
    await desk.scanned(id);
    return root;
  };
  const endOf = (jobId: number) => waitFor(() => events.find((e) => (e.type === 'ingest.finished' || e.type === 'ingest.failed') && (e.data as IngestEnded).job.id === jobId)?.data as IngestEnded | undefined, `end of job ${jobId}`);

  beforeEach(() => {
    scratch = new Scratch('desk-test-');
    db = testDb(scratch.path('db.sqlite'));
    db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'boss', 'Boss', 'x', 1, '', ''), (2, 'hoa', 'Hoa', 'x', 0, '', '')`).run();
    cards = new FakeCards();
    gpio = new FakeGpio();
    thumbs = new FakeThumbs();
    events = [];
    now = new Date('2026-11-23T12:00:00Z');
    tz = 'Asia/Shanghai';
    slowVerify = 0;
  });
  afterEach(async () => {
    await desk?.stop();
    await desk?.stopEngines();
    db.close();
    scratch.cleanup();
  });

  it('blinks the ingest LED during the copy only, pauses thumbnails, then ejects and says safe to remove', async () => {
    await make();
    const lan = addCustomer(db, 'C000001', 'Lan');
    await card('A', 4);
    slowVerify = 60; // a copy long enough to see the LED blink
    const job = await desk.startFromCard({ cardId: 'A', customerId: lan }, staff);
    const end = await endOf(job.id);
    expect(end.job).toMatchObject({ state: 'done', filesCopied: 4, kind: 'card' });
    expect(end.safeToRemove).toBe(true);
    expect(end.message).toBe('4 new files copied to library and backup, verified; 0 were already there; safe to remove');
    expect(cards.ejectCalls).toBe(1);
    // On, off, on… while copying; off at the end.
    const changes = gpio.changes;
    expect(changes.length).toBeGreaterThanOrEqual(6);
    expect(changes[0]!.on).toBe(true);
    expect(changes.filter((c) => !c.on).length).toBeGreaterThanOrEqual(3);
    expect(changes.at(-1)!.on).toBe(false);
    const started = events.findIndex((e) => e.type === 'ingest.started');
    const finished = events.findIndex((e) => e.type === 'ingest.finished');
    expect(started).toBeGreaterThanOrEqual(0);
    expect(finished).toBeGreaterThan(started);
    // Thumbnails: paused before the copy, resumed after it, the new files queued.
    expect(thumbs.log[0]).toBe('pause');
    expect(thumbs.log.at(-1)).toBe('resume');
    expect(thumbs.enqueued.map((j) => j.name).sort()).toEqual(['IMG_A_0.JPG', 'IMG_A_1.JPG', 'IMG_A_2.JPG', 'IMG_A_3.JPG']);
    expect(thumbs.enqueued[0]!.source.startsWith(library.root)).toBe(true);
    expect(events.filter((e) => e.type === 'photos.changed')).toHaveLength(1);
  });

  it('tries again while the card is busy, and never says "safe" when it could not unmount', async () => {
    await make({ ejectAttempts: 3 });
    const lan = addCustomer(db, 'C000001', 'Lan');
    await card('B');
    cards.ejectFailures = 2;
    let end = await endOf((await desk.startFromCard({ cardId: 'B', customerId: lan }, staff)).id);
    expect(end.safeToRemove).toBe(true);
    expect(cards.ejectCalls).toBe(3);

    await card('C');
    cards.ejectFailures = 10;
    end = await endOf((await desk.startFromCard({ cardId: 'C', customerId: lan }, staff)).id);
    expect(end.safeToRemove).toBe(false);
    expect(end.ejectError).toContain('target is busy');
    expect(end.message).toContain('could not be unmounted');
    expect(end.message).not.toContain('safe to remove');
  });

  it('throttles progress events', async () => {
    await make({ progressIntervalMs: 60_000 });
    const lan = addCustomer(db, 'C000001', 'Lan');
    await card('D', 6);
    slowVerify = 20;
    const job = await desk.startFromCard({ cardId: 'D', customerId: lan }, staff);
    await endOf(job.id);
    const progress = events.filter((e) => e.type === 'ingest.progress');
    // One per phase at most with a minute between events (copying, verifying).
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(2);
  });

  it('offers the customers whose shoot is today in the studio’s time zone, then recent ones', async () => {
    await make();
    // Now: 2026-11-23 12:00 UTC = 04:00 on the 23rd in Los Angeles, 02:00 on the 24th in Kiritimati.
    const a = addCustomer(db, 'C000001', 'A early');
    const b = addCustomer(db, 'C000002', 'B late');
    const c = addCustomer(db, 'C000003', 'C not ordered');
    const due = (id: number, at: string, stage = 'ordered') => db.prepare('UPDATE customers SET stage = ?, stage_due_at = ? WHERE id = ?').run(stage, at, id);
    due(a, '2026-11-23T09:00:00Z'); // LA: 23rd 01:00 (today); Kiritimati: 23rd 23:00 (yesterday)
    due(b, '2026-11-23T20:00:00Z'); // LA: 23rd 12:00 (today); Kiritimati: 24th 10:00 (today)
    due(c, '2026-11-23T10:00:00Z', 'shot');
    const today = () => desk.suggestions(null).filter((s) => s.reason === 'today').map((s) => s.customer.id);
    tz = 'America/Los_Angeles';
    expect(today()).toEqual([a, b]);
    tz = 'Pacific/Kiritimati';
    expect(today()).toEqual([b]);
    // Everyone else comes after, as "recent".
    expect(desk.suggestions(null).map((s) => s.reason)).toEqual(['today', 'recent', 'recent']);
  });

  it('says what the disks allow: a missing backup blocks, an admin may override only that, low space warns', async () => {
    await make();
    const lan = addCustomer(db, 'C000001', 'Lan');
    await card('E');
    backup.health_ = { state: 'down', reason: 'not-connected', error: 'no disk with label "BACKUP" is connected', freeBytes: null, totalBytes: null };
    let pf = (await desk.cards())[0]!.preflight;
    expect(pf.ok).toBe(false);
    expect(pf.blockers.map((b) => b.code)).toEqual(['backup-missing']);
    // No library-only engine in this desk: nothing to override with.
    expect(pf.overridable).toBe(false);
    await expect(desk.startFromCard({ cardId: 'E', customerId: lan }, staff)).rejects.toMatchObject({ status: 409, code: 'preflight_failed' });
    await expect(desk.startFromCard({ cardId: 'E', customerId: lan, override: true }, staff)).rejects.toMatchObject({ status: 403 });
    await expect(desk.startFromCard({ cardId: 'E', customerId: lan, override: true }, admin)).rejects.toMatchObject({ status: 409 });

    backup.health_ = { freeBytes: 5e9 };
    pf = (await desk.cards())[0]!.preflight;
    expect(pf.ok).toBe(true);
    expect(pf.warnings.map((w) => w.code)).toEqual(['backup-low-space']);
    expect(pf.backup?.freeBytes).toBe(5e9);
    expect(pf.library?.freeBytes).toBe(500e9);

    library.health_ = { freeBytes: 1000 };
    pf = (await desk.cards())[0]!.preflight;
    expect(pf.blockers.map((b) => b.code)).toEqual(['library-full']);
    expect(pf.overridable).toBe(false);
  });

  it('eject is refused while the card copies; "next card" survives a refused auto-start', async () => {
    await make();
    const lan = addCustomer(db, 'C000001', 'Lan');
    const minh = addCustomer(db, 'C000002', 'Minh');
    await card('F');
    slowVerify = 80;
    const job = await desk.startFromCard({ cardId: 'F', customerId: lan }, staff);
    await expect(desk.eject('F')).rejects.toMatchObject({ status: 409, code: 'card_busy' });
    await endOf(job.id);
    slowVerify = 0;

    // The same card again with "next card" set for someone else: it waits for a person.
    desk.setNext(minh, null, staff);
    cards.emit('card-removed', { cardId: 'F' });
    await card('F');
    const entry = (await desk.cards()).find((c) => c.card.cardId === 'F')!;
    expect(entry.autoStartProblem).toContain('Lan');
    expect(entry.job).toMatchObject({ id: job.id, state: 'done', customerId: lan });
    expect(desk.next()?.customer.id).toBe(minh);
    // A new card goes to Minh by itself, and "next" is used up.
    await card('G');
    const started = await waitFor(() => events.find((e) => e.type === 'ingest.started' && (e.data as { cardId: string }).cardId === 'G'), 'auto-start of G');
    expect((started.data as { customerId: number }).customerId).toBe(minh);
    expect(desk.next()).toBeNull();
  });
});
