// The laptop card slot, on real folders: a sub-folder that appears (and stops changing) is a
// card, one that goes away is removed; ids stay the same across re-insertion.
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardInfo } from '../../src/api-types.js';
import { FOLDER_CARD_MARKER, folderCardId } from '../../src/ingest/card/card-id.js';
import { FolderCardSource, type FolderCardSourceOptions } from '../../src/ingest/card/folder-card-source.js';
import { waitFor } from '../helpers/wait-for.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FolderCardSource', () => {
  let root: string;
  let slot: string;
  let outside: string;
  let sources: FolderCardSource[];
  let events: { type: string; cardId: string; at: number; card?: CardInfo }[];

  const make = (opts: FolderCardSourceOptions = {}) => {
    const s = new FolderCardSource(slot, { pollMs: 100, settleMs: 300, ...opts });
    s.on('card-inserted', (card) => events.push({ type: 'inserted', cardId: card.cardId, at: Date.now(), card }));
    s.on('card-removed', ({ cardId }) => events.push({ type: 'removed', cardId, at: Date.now() }));
    s.on('card-ejected', ({ cardId }) => events.push({ type: 'ejected', cardId, at: Date.now() }));
    sources.push(s);
    return s;
  };
  const inserted = () => events.filter((e) => e.type === 'inserted');
  const card = (files: Record<string, string>, dir: string) => {
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sb-slot-'));
    slot = join(root, 'card-slot');
    outside = join(root, 'outside');
    mkdirSync(outside);
    sources = [];
    events = [];
  });

  afterEach(async () => {
    for (const s of sources) await s.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the slot, and reports itself as a simulated source with no card', async () => {
    const s = make();
    expect(s.status()).toMatchObject({ state: 'down', detail: 'not started' });
    await s.start();
    expect(s.status()).toEqual({ state: 'simulated', kind: 'folder', path: slot, cardPresent: false, cards: [], detail: null });
  });

  it('a folder being copied in becomes a card only once it has stopped changing', async () => {
    // Settle much longer than the pause between files, so a slow CI machine cannot make it flaky.
    const s = make({ settleMs: 800 });
    await s.start();
    const dir = join(slot, 'wedding-0612');
    mkdirSync(dir);
    let lastWrite = 0;
    for (let i = 1; i <= 6; i++) {
      card({ [`DCIM/100CANON/IMG_000${i}.CR3`]: 'x'.repeat(1000 * i) }, dir);
      lastWrite = Date.now();
      await sleep(120);
      expect(inserted(), `after file ${i}`).toEqual([]);
    }
    expect(s.status().detail).toBe('still changing: wedding-0612');
    const ev = await waitFor(() => inserted()[0], 'card-inserted', 5000);
    expect(ev.at - lastWrite).toBeGreaterThanOrEqual(800);
    expect(ev.card).toEqual<CardInfo>({
      cardId: folderCardId('wedding-0612', null),
      label: 'wedding-0612',
      root: dir,
      fsType: 'folder',
      device: null,
      sizeBytes: null,
      readOnly: false,
      insertedAt: ev.card!.insertedAt,
    });
    await sleep(900);
    expect(inserted()).toHaveLength(1);
    expect(s.status()).toMatchObject({ cardPresent: true, cards: [ev.card], detail: null });
  });

  it('removing the folder removes the card; putting it back is the same card again', async () => {
    const s = make();
    await s.start();
    card({ 'DCIM/a.jpg': 'a' }, join(outside, 'card-A'));
    renameSync(join(outside, 'card-A'), join(slot, 'card-A'));
    const first = await waitFor(() => inserted()[0], 'inserted');
    renameSync(join(slot, 'card-A'), join(outside, 'card-A'));
    await waitFor(() => events.find((e) => e.type === 'removed'), 'removed');
    expect(s.status().cardPresent).toBe(false);
    renameSync(join(outside, 'card-A'), join(slot, 'card-A'));
    const again = await waitFor(() => inserted()[1], 'inserted again');
    expect(again.cardId).toBe(first.cardId);
    expect(events.map((e) => [e.type, e.cardId])).toEqual([
      ['inserted', first.cardId],
      ['removed', first.cardId],
      ['inserted', first.cardId],
    ]);
  });

  it('a marker file names the card, so a renamed folder is still the same card', async () => {
    const s = make();
    await s.start();
    card({ [FOLDER_CARD_MARKER]: 'EOS-R5-CARD1\n', 'DCIM/a.jpg': 'a' }, join(outside, 'first name'));
    renameSync(join(outside, 'first name'), join(slot, 'first name'));
    expect((await waitFor(() => inserted()[0], 'inserted')).cardId).toBe('folder-EOS-R5-CARD1');
    renameSync(join(slot, 'first name'), join(slot, '第二个名字'));
    await waitFor(() => inserted()[1], 'inserted under the new name');
    expect(inserted().map((e) => [e.cardId, e.card!.label])).toEqual([
      ['folder-EOS-R5-CARD1', 'first name'],
      ['folder-EOS-R5-CARD1', '第二个名字'],
    ]);
  });

  it('hidden folders and plain files are not cards; a link to a folder is', async () => {
    mkdirSync(slot, { recursive: true });
    mkdirSync(join(slot, '.Trashes'));
    writeFileSync(join(slot, 'notes.txt'), 'x');
    card({ 'DCIM/b.jpg': 'b' }, join(outside, 'mounted-card'));
    symlinkSync(join(outside, 'mounted-card'), join(slot, 'EOS_DIGITAL'));
    const s = make();
    await s.start();
    const ev = await waitFor(() => inserted()[0], 'inserted');
    expect(ev.card).toMatchObject({ label: 'EOS_DIGITAL', root: join(slot, 'EOS_DIGITAL') });
    await sleep(400);
    expect(inserted()).toHaveLength(1);
  });

  it('eject: the card is no longer offered, and comes back only after it was taken out', async () => {
    const s = make();
    await s.start();
    card({ 'DCIM/a.jpg': 'a' }, join(slot, 'card-E'));
    const ev = await waitFor(() => inserted()[0], 'inserted');
    await s.eject(ev.cardId);
    expect(s.cards()).toEqual([]);
    expect(s.status()).toMatchObject({ cardPresent: false, detail: 'ejected, remove the folder: card-E' });
    await expect(s.eject(ev.cardId)).rejects.toThrow(/no card/);
    await sleep(400);
    expect(inserted()).toHaveLength(1);
    renameSync(join(slot, 'card-E'), join(outside, 'card-E'));
    await waitFor(() => events.find((e) => e.type === 'removed'), 'removed');
    renameSync(join(outside, 'card-E'), join(slot, 'card-E'));
    await waitFor(() => inserted()[1], 'inserted after re-insertion');
    expect(events.map((e) => e.type)).toEqual(['inserted', 'ejected', 'removed', 'inserted']);
  });

  it('finds cards by polling alone (fs.watch off)', async () => {
    const s = make({ watch: false, pollMs: 150 });
    await s.start();
    card({ 'DCIM/a.jpg': 'a' }, join(slot, 'polled'));
    await waitFor(() => inserted()[0], 'inserted by the poll', 5000);
  });

  it('finds cards by fs.watch alone (the poll a minute away)', async () => {
    const s = make({ pollMs: 60_000 });
    await s.start();
    card({ 'DCIM/a.jpg': 'a' }, join(slot, 'watched'));
    await waitFor(() => inserted()[0], 'inserted on the watch event', 5000);
  });

  it('a card already in the slot at start is found', async () => {
    card({ 'DCIM/a.jpg': 'a' }, join(slot, 'early'));
    const s = make();
    await s.start();
    await waitFor(() => inserted()[0], 'inserted');
  });

  it('the slot folder deleted: its cards are removed and the source says why it is down', async () => {
    const s = make({ watch: false });
    await s.start();
    card({ 'DCIM/a.jpg': 'a' }, join(slot, 'doomed'));
    const ev = await waitFor(() => inserted()[0], 'inserted');
    rmSync(slot, { recursive: true, force: true });
    await waitFor(() => events.find((e) => e.type === 'removed' && e.cardId === ev.cardId), 'removed');
    expect(s.status()).toMatchObject({ state: 'down', cardPresent: false });
    expect(s.status().detail).toMatch(/^card slot .*ENOENT/);
  });

  it('a listener that throws does not stop the source', async () => {
    const s = make();
    s.on('card-inserted', () => {
      throw new Error('listener bug');
    });
    await s.start();
    card({ 'DCIM/a.jpg': 'a' }, join(slot, 'one'));
    await waitFor(() => inserted()[0], 'first');
    card({ 'DCIM/b.jpg': 'b' }, join(slot, 'two'));
    await waitFor(() => inserted()[1], 'second');
  });
});
