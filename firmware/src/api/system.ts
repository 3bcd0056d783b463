export type ComponentState = 'ok' | 'degraded' | 'down' | 'simulated';

/** Why a disk cannot be written to (machine code; `error` says it for people). */
export type DiskDownReason = 'not-connected' | 'not-mounted' | 'read-only' | 'ambiguous' | 'error';

export interface DiskHealth {
  role: 'library' | 'backup';
  path: string;
  state: ComponentState;
  freeBytes: number | null;
  totalBytes: number | null;
  error: string | null;
  /** Set when state is 'down'. Absent from stand-ins that predate it. */
  reason?: DiskDownReason | null;
  /** How the disk is identified (filesystem UUID / label from config) and where it was found. */
  uuid?: string | null;
  label?: string | null;
  device?: string | null;
  fsType?: string | null;
}

/** A memory card that is inserted and readable (H3). */
export interface CardInfo {
  /**
   * Stable for the same card across re-insertions: `<fstype>-<filesystem UUID / volume serial>`
   * for a real card, `folder-…` for the laptop stand-in (see folder-card-id.ts).
   */
  cardId: string;
  /** The filesystem label ("EOS_DIGITAL", "NIKON D850"), the folder name for the stand-in; null when the card has none. */
  label: string | null;
  /** Where the card's files are: the read-only mount point (the folder itself for the stand-in). */
  root: string;
  /** vfat, exfat, ntfs… ('folder' for the stand-in). */
  fsType: string;
  /** The block device, e.g. /dev/sda1; null for the stand-in. */
  device: string | null;
  /** Capacity of the card's filesystem partition; null when unknown (stand-in). */
  sizeBytes: number | null;
  /** True when the mount was verified read-only; the stand-in folder is not. */
  readOnly: boolean;
  /** When the box noticed it (ISO). */
  insertedAt: string;
}

export type SimStatus = 'ready' | 'pin-required' | 'puk-required' | 'not-inserted' | 'error' | 'unknown';
export type Registration = 'home' | 'roaming' | 'searching' | 'denied' | 'not-registered' | 'unknown';

/** What the modem says about itself (H1 status page). */
export interface ModemInfo {
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
  imei: string | null;
  sim: SimStatus;
  /** The SIM's answer as text, e.g. `SIM PIN` or `+CME ERROR: 10`. */
  simDetail: string | null;
  operator: string | null;
  registration: Registration;
  /** `+CSQ` rssi 0–31, 99 = unknown. */
  csq: number | null;
  /** The same as dBm (-113 + 2·rssi), null when unknown. */
  signalDbm: number | null;
  smsCentre: string | null;
  /** When these were read (ISO). */
  readAt: string;
}

export interface ModemLinkInfo {
  state: 'stopped' | 'connecting' | 'ready' | 'lost';
  port: string;
  since: string;
  lastError: string | null;
  lastErrorAt: string | null;
  attempts: number;
}

/** GET /api/modem: the modem in full (login needed: it shows the IMEI). */
export interface ModemStatus {
  state: ComponentState;
  kind: 'simulator' | 'serial' | 'none';
  port: string | null;
  /** One line for people: why it is not ok, or what it is. */
  detail: string | null;
  link: ModemLinkInfo | null;
  info: ModemInfo | null;
  /** The last power warning (SIM800 `UNDER-VOLTAGE WARNNING`…) and when. */
  powerWarning: { kind: string; at: string } | null;
  /** The module restarting by itself with the port open: on a Pi, its supply sagging. */
  restarts: ModemRestarts;
}

export interface ModemRestarts {
  /** When it restarted by itself in the last 24 hours (ISO), oldest first. */
  last24h: string[];
  /** Since the box began counting (kept in the database across restarts of the daemon). */
  total: number;
  /** When the last one was (ISO), however long ago; null when never. */
  lastAt: string | null;
  /** What gave the last one away (`RDY`, `echo of AT+CSQ`…). */
  lastSign: string | null;
  /** Often enough that the fault LED is lit (3 or more in 24 hours): check the power supply. */
  frequent: boolean;
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  db: { state: ComponentState; schemaVersion: number; error: string | null };
  modem: { state: ComponentState; kind: string; port: string | null; detail: string | null };
  cardSource: {
    state: ComponentState;
    kind: string;
    path: string | null;
    cardPresent: boolean;
    /** The cards inserted and mounted now. */
    cards?: CardInfo[];
    /** One line for people: why it is not ok, or a warning. */
    detail?: string | null;
  };
  disks: DiskHealth[];
  /** The analog voice modem on the landline (caller ID, H2); null when none is configured. */
  landline: { state: ComponentState; port: string; detail: string | null; since: string } | null;
}

/**
 * GET /api/health without a session: only whether each part works. Paths, disk sizes,
 * ports, card labels, errors and the version are for logged-in users (Health).
 */
export interface PublicHealth {
  status: Health['status'];
  db: { state: ComponentState };
  modem: { state: ComponentState };
  cardSource: { state: ComponentState };
  disks: { role: DiskHealth['role']; state: ComponentState }[];
  landline: { state: ComponentState } | null;
}

/** What /api/events pushes. `type` names the event; later issues add calls, SMS, ingest. */
export interface ServerEvent {
  id: number;
  type: string;
  at: string;
  data: unknown;
}

/** One address the box answers on (H6: the status page shows them, for a PC without mDNS). */
export interface BoxAddress {
  iface: string;
  address: string;
  family: 'IPv4' | 'IPv6';
}

/** GET /api/system/network: how the studio reaches the box. */
export interface NetworkInfo {
  /** The box's name on the network: http://<hostname>.local/ (mDNS, avahi on the Pi). */
  hostname: string;
  addresses: BoxAddress[];
  /** Whether the name can be changed from the web page (the Pi's root helper is configured). */
  renamable: boolean;
}

/** PUT /api/system/name: one DNS label, lower case: what Windows, macOS, iOS and Android resolve as NAME.local. */
export interface BoxNameInput {
  name: string;
}

export const BOX_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** GET /api/system/update: the last update applied from the web page (admins). */
export interface UpdateStatus {
  /** none: no update yet; running: handed to the root helper, no result yet; ok / failed: its result. */
  state: 'none' | 'running' | 'ok' | 'failed';
  /** The last lines of its log (checksum, signature, install, health check, rollback). */
  log: string[];
  /** Whether updates can be applied from here (system.updateCommand is set: the Pi). */
  available: boolean;
}

/** POST /api/system/update answers 202 with this: the release was received intact and handed on. */
export interface UpdateStarted {
  fileName: string;
  sha256: string;
}
