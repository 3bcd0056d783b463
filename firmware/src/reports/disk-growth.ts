// Disk usage growth (R1): the daily storage samples (storage_samples, written by
// storage-sampler.ts) in the range: each disk's used and free gigabytes and the library's
// stored files, per day (a day without a sample, the box off: empty cells) or per month (the
// month's last sample in the range).
import type { Language, ReportCell, ReportColumn } from '../api-types.js';
import { COMMON_WORDS } from './common-words.js';
import { gigabytes } from './photos-ingested.js';
import type { ReportBody, ReportDef, ReportEnv, ReportRange } from './report-def.js';
import { buckets } from './report-range.js';

const WORDS: Record<Language, { libraryUsed: string; libraryFree: string; backupUsed: string; backupFree: string; files: string }> = {
  'zh-CN': { libraryUsed: '主盘已用 (GB)', libraryFree: '主盘可用 (GB)', backupUsed: '备份盘已用 (GB)', backupFree: '备份盘可用 (GB)', files: '图库文件数' },
  vi: { libraryUsed: 'Ổ thư viện đã dùng (GB)', libraryFree: 'Ổ thư viện còn trống (GB)', backupUsed: 'Ổ sao lưu đã dùng (GB)', backupFree: 'Ổ sao lưu còn trống (GB)', files: 'Số tệp trong thư viện' },
  en: { libraryUsed: 'Library disk used (GB)', libraryFree: 'Library disk free (GB)', backupUsed: 'Backup disk used (GB)', backupFree: 'Backup disk free (GB)', files: 'Files in the library' },
};

interface Sample {
  day: string;
  library_used: number | null;
  library_free: number | null;
  backup_used: number | null;
  backup_free: number | null;
  photos: number;
}

const gb = (v: number | null): number | null => (v === null ? null : gigabytes(v));

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const w = WORDS[env.language];
  const c = COMMON_WORDS[env.language];
  const by = (range.group ?? 'day') as 'day' | 'month';
  const samples = env.sql('SELECT day, library_used, library_free, backup_used, backup_free, photos FROM storage_samples WHERE day >= ? AND day <= ? ORDER BY day').all(range.fromDay, range.toDay) as Sample[];
  // Per day its sample; per month the last one (samples come in day order).
  const last = new Map<string, Sample>();
  for (const s of samples) last.set(by === 'day' ? s.day : s.day.slice(0, 7), s);
  const rows = buckets(range.fromDay, range.toDay, by, env.timeZone).map((b): ReportCell[] => {
    const s = last.get(b.key);
    return s ? [b.key, gb(s.library_used), gb(s.library_free), gb(s.backup_used), gb(s.backup_free), s.photos] : [b.key, null, null, null, null, null];
  });
  const columns: ReportColumn[] = [
    { key: by, label: c[by], kind: by },
    { key: 'library_used', label: w.libraryUsed, kind: 'gigabytes' },
    { key: 'library_free', label: w.libraryFree, kind: 'gigabytes' },
    { key: 'backup_used', label: w.backupUsed, kind: 'gigabytes' },
    { key: 'backup_free', label: w.backupFree, kind: 'gigabytes' },
    { key: 'files', label: w.files, kind: 'count' },
  ];
  return { columns, rows, totals: null, chart: { type: 'line', x: by, series: ['library_used', 'backup_used'] } };
}

export const diskGrowth: ReportDef = { name: 'disk-growth', needs: ['ingest', 'view'], run };
