// Database backup file names and which ones to keep. Pure; tested in test/backup/backup-names.test.ts.
//
// studio-box-db-20261202-023000Z-v14.sqlite.gz: the UTC time it was taken (sortable, the
// same whatever the studio's zone) and the schema version it holds; `.sqlite.gz.enc` when it
// is encrypted with the backup passphrase (backup-crypto.ts).
import { localDate } from '../util/local-time.js';

const NAME = /^studio-box-db-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z-v(\d+)\.sqlite\.gz(\.enc)?$/;

export function backupName(at: Date, schemaVersion: number, encrypted = false): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `studio-box-db-${p(at.getUTCFullYear(), 4)}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}-${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}Z-v${schemaVersion}.sqlite.gz${encrypted ? '.enc' : ''}`;
}

export function parseBackupName(name: string): { at: Date; schemaVersion: number; encrypted: boolean } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s, v] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
  return { at, schemaVersion: v, encrypted: m[8] !== undefined };
}

/**
 * The backups to keep: the newest of each of the last `daily` days that have one, and the
 * newest of each of the last `monthly` months, days and months in the studio's time zone.
 * Everything else (and only names this box writes) may be deleted. The newest is always kept.
 */
export function backupsToKeep(names: string[], daily: number, monthly: number, timeZone: string): Set<string> {
  const parsed = names
    .map((name) => ({ name, p: parseBackupName(name) }))
    .filter((x): x is { name: string; p: { at: Date; schemaVersion: number; encrypted: boolean } } => x.p !== null)
    .sort((a, b) => b.p.at.getTime() - a.p.at.getTime() || (a.name < b.name ? 1 : -1));
  const keep = new Set<string>();
  if (parsed[0]) keep.add(parsed[0].name);
  const days = new Set<string>();
  const months = new Set<string>();
  for (const { name, p } of parsed) {
    const d = localDate(p.at, timeZone);
    const day = `${d.year}-${d.month}-${d.day}`;
    const month = `${d.year}-${d.month}`;
    if (!days.has(day) && days.size < daily) {
      days.add(day);
      keep.add(name);
    }
    if (!months.has(month) && months.size < monthly) {
      months.add(month);
      keep.add(name);
    }
  }
  return keep;
}
