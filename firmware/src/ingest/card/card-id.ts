// A card's identity across insertions. The copy engine remembers what it took from a card by
// this id, and the id names the card's mount directory, so it must be stable, filesystem-safe
// and never derived from the /dev name (which depends on the order things were plugged in).
import { createHash } from 'node:crypto';

/** Letters, digits, dot, dash, underscore: safe as one path segment, in a URL and in a log. */
export function safeIdPart(s: string, max = 64): string {
  const cleaned = s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '_');
  return cleaned.slice(0, max) || '_';
}

const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

/**
 * A real card: `<fstype>-<filesystem UUID>`, e.g. `vfat-1234-ABCD` or `exfat-7BA5-925A`. The
 * UUID is the volume serial the camera wrote when it formatted the card, so it survives
 * re-insertion in any reader and changes when the card is formatted again.
 *
 * Without a UUID (rare: some tools write serial 0) the id falls back to a hash of the label and
 * size, which is stable for that card but shared by two such cards of the same size and label;
 * the copy engine's size+hash check still keeps their files apart.
 */
export function blockCardId(fsType: string, uuid: string | null, label: string | null, sizeBytes: number): string {
  const fs = safeIdPart(fsType.toLowerCase(), 16);
  if (uuid && !/^0+(-0+)*$/.test(uuid)) return `${fs}-${safeIdPart(uuid.toUpperCase())}`;
  return `${fs}-noid-${shortHash(`${label ?? ''}\0${sizeBytes}`)}`;
}

/** The marker a developer (or a test fixture) may put in a stand-in card folder: its "volume serial". */
export const FOLDER_CARD_MARKER = '.studio-box-card-id';

/**
 * The laptop stand-in: a folder in the card slot. Moving the folder out and back in is
 * "re-inserting the same card", so the id comes from its name (readable part plus a hash of
 * the full name, so that names differing only in characters the readable part drops, such as
 * Chinese ones, stay apart). A marker file inside, when present, wins: it plays the volume
 * serial and lets a renamed folder stay the same card. The box never writes into a card, so it
 * never creates the marker itself; the inode and birth time were rejected because `cp -r` of
 * the same card gives new ones.
 */
export function folderCardId(folderName: string, marker: string | null): string {
  const m = marker?.trim();
  if (m && /^[A-Za-z0-9._-]{1,64}$/.test(m)) return `folder-${m}`;
  return `folder-${safeIdPart(folderName, 40)}-${shortHash(folderName)}`;
}
