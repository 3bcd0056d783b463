// An update from a USB stick (H6, issue 17 item 7): a stick (or card) that holds a release
// bundle at its top — studio-box-<version>-linux-<arch>.tar.gz with its SHA256SUMS and
// SHA256SUMS.sig, as `npm run release` writes them — is noticed by the card reader
// (card-source.ts). The box checks the signature against the release key installed with it (an
// ed25519 public key, system.releaseKey; docs/security.md says who holds the private half),
// then hands the bundle to the same path as an upload on the System page (update-upload.ts): the
// checksum is checked while it is copied, and system.updateCommand's apply-update checks both
// again as root, installs beside the current version, and goes back by itself (database too)
// if the new one is not healthy. The page's update status shows what happened.
//
// Not applied twice: the bundle of the running version is skipped, and so is one already tried
// (its SHA-256 is kept in usb-tried): a stick left in after a failed update, which was rolled
// back, would otherwise start the same update again at every restart.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardInfo } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../log.js';
import { expectedSha256, RELEASE_NAME, type UpdateUploads } from './update-upload.js';

export type UsbUpdateOutcome =
  | { kind: 'none' }
  | { kind: 'started'; fileName: string; version: string }
  | { kind: 'skipped'; fileName: string; reason: string }
  | { kind: 'refused'; fileName: string; reason: string };

export interface UsbUpdateDeps {
  uploads: UpdateUploads;
  /** <dataDir>/updates: where the upload path puts the bundle and writes its result. */
  dir: string;
  /** The release public key (PEM file); null: no updates from a stick. */
  releaseKey: string | null;
  /** The running version: its own bundle is not installed again. */
  version: string;
  log: Logger;
  /** Called with what a stick led to (audit, events). */
  onOutcome?: (o: UsbUpdateOutcome, card: CardInfo) => void;
}

/** The version in a release file name: studio-box-1.2.0-linux-arm64.tar.gz → 1.2.0. */
export function releaseVersion(name: string): string | null {
  return /^studio-box-(.+)-linux-[A-Za-z0-9_]+\.tar\.gz$/.exec(name)?.[1] ?? null;
}

export class UsbUpdate {
  private key: KeyObject | null | undefined;

  constructor(private readonly d: UsbUpdateDeps) {}

  /** Looks at an inserted card or stick; starts the update it holds, if any. Never throws. */
  async onInserted(card: CardInfo): Promise<UsbUpdateOutcome> {
    let outcome: UsbUpdateOutcome;
    try {
      outcome = await this.look(card);
    } catch (err) {
      this.d.log.error({ err, root: card.root }, 'update from a USB stick failed');
      outcome = { kind: 'refused', fileName: '', reason: (err as Error).message };
    }
    if (outcome.kind !== 'none') {
      this.d.log.info({ ...outcome, cardId: card.cardId }, `update on a USB stick: ${outcome.kind}`);
      if (outcome.kind === 'refused') await this.writeResult(outcome.fileName, outcome.reason);
      this.d.onOutcome?.(outcome, card);
    }
    return outcome;
  }

  private async look(card: CardInfo): Promise<UsbUpdateOutcome> {
    const names = await readdir(card.root).catch(() => [] as string[]);
    const bundles = names.filter((n) => RELEASE_NAME.test(n));
    if (bundles.length === 0 || !names.includes('SHA256SUMS')) return { kind: 'none' };
    if (bundles.length > 1) return { kind: 'refused', fileName: bundles.join(', '), reason: 'more than one release on the stick: leave only the one to install' };
    const fileName = bundles[0]!;
    const version = releaseVersion(fileName);
    if (!version) return { kind: 'refused', fileName, reason: 'not a Studio Box release name (studio-box-<version>-linux-<arch>.tar.gz)' };
    if (version === this.d.version) return { kind: 'skipped', fileName, reason: `${version} is the running version` };
    const sums = await readFile(join(card.root, 'SHA256SUMS'), 'utf8');
    const sha256 = expectedSha256(sums, fileName);
    if (!sha256) return { kind: 'refused', fileName, reason: `SHA256SUMS does not list ${fileName}` };
    if ((await this.tried()).includes(sha256)) return { kind: 'skipped', fileName, reason: 'this bundle was tried before (see the last update’s log)' };
    const key = await this.releaseKey();
    if (!key) return { kind: 'refused', fileName, reason: 'this box has no release key (system.releaseKey): updates come only from the install script' };
    const signature = await readFile(join(card.root, 'SHA256SUMS.sig')).catch(() => null);
    if (!signature) return { kind: 'refused', fileName, reason: 'SHA256SUMS.sig is missing: the release is not signed' };
    if (!verify(null, Buffer.from(sums), key, signature)) return { kind: 'refused', fileName, reason: 'SHA256SUMS.sig is not a signature of the release key' };
    // Tried from now on, whatever happens next (a damaged copy, a failed health check).
    await mkdir(this.d.dir, { recursive: true });
    await appendFile(join(this.d.dir, 'usb-tried'), `${sha256}\n`);
    try {
      await this.d.uploads.receive(fileName, sums, signature, createReadStream(join(card.root, fileName)));
    } catch (err) {
      return { kind: 'refused', fileName, reason: (err as Error).message };
    }
    return { kind: 'started', fileName, version };
  }

  private async tried(): Promise<string[]> {
    return (await readFile(join(this.d.dir, 'usb-tried'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  }

  private async releaseKey(): Promise<KeyObject | null> {
    if (this.key === undefined) {
      const pem = this.d.releaseKey ? await readFile(this.d.releaseKey, 'utf8').catch(() => null) : null;
      const key = pem ? createPublicKey(pem) : null;
      this.key = key && key.asymmetricKeyType === 'ed25519' ? key : null;
    }
    return this.key;
  }

  /** A refusal in the same two files apply-update writes, so the System page shows it. */
  private async writeResult(fileName: string, reason: string): Promise<void> {
    await mkdir(this.d.dir, { recursive: true });
    await writeFile(join(this.d.dir, 'last-update.log'), `usb-update: ${fileName}\nusb-update: refused: ${reason}\n`);
    await writeFile(join(this.d.dir, 'last-update.result'), 'failed usb\n');
  }
}

/** Listens to the card reader for sticks with a release (main.ts); audits what each led to. */
export function watchUsbUpdates(cards: { on(e: 'card-inserted', fn: (c: CardInfo) => void): unknown }, d: UsbUpdateDeps, audit: AuditLog): void {
  const u = new UsbUpdate({
    ...d,
    onOutcome: (o, card) => {
      if (o.kind === 'none' || o.kind === 'skipped') return;
      const summary = o.kind === 'started' ? `update ${o.fileName} from a USB stick: signature verified, started` : `update ${o.fileName} from a USB stick refused: ${o.reason}`;
      audit.record(null, { action: 'update', entity: 'software', summary, detail: { ...o, cardId: card.cardId } });
    },
  });
  cards.on('card-inserted', (card) => void u.onInserted(card));
}
