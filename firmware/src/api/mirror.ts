// Off-box copies (H4): the studio PC's shared folder, the mirror of the library to it.

/** Why the share could not be used; the UI words each one in the three languages. */
export type ShareProblem =
  | 'not_configured'
  | 'unknown_host'
  | 'host_down'
  | 'bad_credentials'
  | 'share_not_found'
  | 'read_only'
  | 'disk_full'
  | 'bad_name'
  | 'local'
  | 'timeout'
  | 'other';

/** The share as the API shows it: never the password, only whether one is stored. */
export interface ShareSettings {
  /** "//PC-NAME/Photos" or "//192.168.1.20/Photos", optionally with a folder: "//PC/Photos/Studio Box". */
  address: string;
  /** 445 unless the PC listens elsewhere. */
  port: number;
  user: string;
  /** Domain or workgroup; "" for none. */
  domain: string;
  passwordSet: boolean;
  /** False: the mirror is paused (the settings are kept). */
  enabled: boolean;
}

/** What an admin sends. `password` omitted (or null): keep the stored one. */
export interface ShareSettingsInput {
  address: string;
  port?: number;
  user: string;
  domain?: string;
  password?: string | null;
  enabled?: boolean;
}

export type ShareTestStep = 'host' | 'login' | 'list' | 'write' | 'delete';

export interface ShareTestResult {
  ok: boolean;
  /** Each step in order: ok, failed (with the problem and smbclient's line), or not tried. */
  steps: { step: ShareTestStep; state: 'ok' | 'failed' | 'skipped'; problem: ShareProblem | null; detail: string | null }[];
  problem: ShareProblem | null;
  /** Words for the log and the CLI; the UI translates `problem`. */
  message: string;
}

export type MirrorState = 'off' | 'idle' | 'copying' | 'waiting';

export interface MirrorStatus {
  state: MirrorState;
  /** Null when no share is set up. */
  share: string | null;
  queueFiles: number;
  queueBytes: number;
  mirroredFiles: number;
  /** Files that failed on their own (a name the share refuses, a file unreadable here), retried later. */
  failedFiles: number;
  lastSuccessAt: string | null;
  lastError: { at: string; problem: ShareProblem; message: string } | null;
  /** While waiting after a failure: when the next try is. */
  nextTryAt: string | null;
  /** Bytes per second of recent copies; null before the first. */
  bytesPerSecond: number | null;
  /** Queue bytes at that rate; null when unknown. */
  etaSeconds: number | null;
}

// Database backups (A2).

export interface BackupInfo {
  /** studio-box-db-20261202-023000Z-v14.sqlite.gz */
  name: string;
  at: string;
  schemaVersion: number;
  size: number;
  onBackupDisk: boolean;
  /** Encrypted with a backup passphrase (`.sqlite.gz.enc`): a restore asks for it. */
  encrypted: boolean;
}

export interface BackupRunResult {
  name: string;
  size: number;
  at: string;
  trigger: 'schedule' | 'admin' | 'cli';
  backupDisk: 'ok' | 'failed';
  share: 'ok' | 'failed' | 'off';
  problems: string[];
}

export interface BackupList {
  items: BackupInfo[];
  /** The last backup taken since the box started. */
  last: BackupRunResult | null;
  nextScheduledAt: string | null;
  /** New backups are encrypted with the passphrase an admin set (never shown). */
  passphraseSet: boolean;
}

/** What a backup holds, shown before a restore. */
export interface BackupContentsInfo {
  schemaVersion: number;
  customers: number;
  orders: number;
  lastPaymentAt: string | null;
  lastChangeAt: string | null;
}

/** A backup file an admin uploaded to restore from (POST /api/backups/upload). */
export interface BackupUploadInfo {
  /** Names the upload in .../uploads/:id/check and .../uploads/:id/restore (and is the restore's `confirm`). */
  id: string;
  size: number;
  /** Encrypted: its contents are shown once the passphrase is given (.../check). */
  encrypted: boolean;
  /** The file's name when it is a backup name (studio-box-db-….sqlite.gz), and the time it gives. */
  name: string | null;
  at: string | null;
  /** What it holds (checked); null for an encrypted one until its passphrase is given. */
  contents: BackupContentsInfo | null;
}
