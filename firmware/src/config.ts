// One validated config: embedded defaults -> config file -> environment.
// The zod schema below is the only place defaults live. A bad value stops start-up with
// a message naming the key and the problem (see ConfigError).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CARD_FS_TYPES, CARD_TRANSPORTS } from './ingest/card/card-candidates.js';
import { DEFAULT_LAZY_UNMOUNT_COMMAND, DEFAULT_UNMOUNT_COMMAND, KERNEL_MOUNT_COMMANDS } from './ingest/card/card-mounter.js';
import { templateProblems, type TemplatePlaceholder } from './ingest/card/command-template.js';
import { DEFAULT_LOW_SPACE_WARN_BYTES } from './ingest/card/preflight.js';
import { LOG_FORMATS } from './log.js';
import { AUTO_PORT } from './modem/port-discovery.js';
import { cronProblem } from './scrub/scrub-schedule.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A command template ({device}, {mountpoint}, {fstype}): checked here, so a typo stops start-up. */
const commandTemplate = (required: TemplatePlaceholder[]) =>
  z.string().superRefine((t, ctx) => {
    for (const message of templateProblems(t, required)) ctx.addIssue({ code: 'custom', message });
  });

/** A node-cron pattern (minute hour day month weekday), read in the studio's time zone. */
const cronPattern = z.string().superRefine((p, ctx) => {
  const problem = cronProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: `not a cron pattern (${problem}), e.g. "0 1 * * 0" for Sundays at 01:00` });
});

/** A BCM GPIO number on the Pi's 40-pin header (0–27), or null: not connected. */
const bcmPin = z.number().int().min(0).max(27).nullable();

const diskSchema = z
  .object({
    /** Folder that is the disk's root (on the Pi: its mount point). Default: <dataDir>/<role>. */
    path: z.string().min(1).optional(),
    /** The disk's filesystem UUID (`lsblk -f`); with a label or UUID the box finds it whatever its /dev name. */
    uuid: z
      .string()
      .regex(/^[0-9A-Fa-f][0-9A-Fa-f-]{3,35}$/, 'a filesystem UUID as `lsblk -f` shows it, e.g. 3f1c6a52-8d0e-4b7e-9a51-2c0f3e7b9d41 or 5E2A-91C4')
      .optional(),
    label: z.string().min(1).optional(),
    /** Mounts the disk at `path` when it is connected but not mounted; null: fstab/systemd mounts it. */
    mountCommand: commandTemplate(['device', 'mountpoint']).nullable().default(null),
  })
  .strict();

export const configSchema = z
  .object({
    /** Where the database and, on a laptop, the stand-in disks and card slot live. */
    dataDir: z.string().min(1).default('./data'),
    http: z
      .object({
        host: z.string().min(1).default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(8080),
        /**
         * Host names (or addresses) the box answers to besides its own: localhost, 127.0.0.1,
         * [::1], its interfaces' addresses, its hostname, <hostname>.local and studio-box.local
         * are always allowed. Any other Host is refused (421), so a DNS-rebinding page cannot
         * talk to the box. Add a DNS name you give it on purpose; "*" turns the check off.
         */
        allowedHosts: z
          .preprocess((v) => (typeof v === 'string' ? v.split(',') : v), z.array(z.string().trim().min(1).max(253)))
          .default([]),
        /**
         * Behind a reverse proxy (TLS): express's `trust proxy`. false: the peer is the client.
         * "loopback" (a proxy on the box itself) or the proxy's address: its X-Forwarded-Proto,
         * -Host and -For are believed, so the session cookie gets `Secure` over HTTPS. true
         * believes any client's X-Forwarded-* headers: never on a LAN with strangers.
         */
        trustProxy: z.union([z.boolean(), z.string().min(1)]).default(false),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(LOG_LEVELS).default('info'),
        /** text: human lines on stderr (journal-friendly under systemd); json: JSON lines on stdout. */
        format: z.enum(LOG_FORMATS).default('text'),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        /** A session unused this long ends. */
        sessionIdleMinutes: z.number().int().min(1).default(8 * 60),
        /** A session ends this long after login, used or not. */
        sessionMaxHours: z.number().int().min(1).default(7 * 24),
        /** Failed logins (per user name and per client address) before a lock-out. */
        maxFailedLogins: z.number().int().min(1).default(5),
        /** First lock-out; each further failure while locked doubles it, up to an hour. */
        lockoutSeconds: z.number().int().min(1).default(60),
      })
      .strict()
      .prefault({}),
    modem: z
      .object({
        /** simulator: a simulated SIM800 on a pty (needs socat); serial: the real one; none: no modem. */
        kind: z.enum(['simulator', 'serial', 'none']).default('simulator'),
        /**
         * Serial device, e.g. /dev/serial0 (GSM HAT) or /dev/ttyUSB2 (SIM7600 AT port); "auto":
         * the box looks for it at each (re)connection (modem/port-discovery.ts), as USB ports renumber.
         */
        port: z.string().min(1).nullable().default(null),
        baudRate: z.number().int().positive().default(115200),
        /** The simulator's pause between Ctrl-Z and `+CMGS:` (a real modem takes ~3 s). */
        simulatorSendDelayMs: z.number().int().min(0).default(300),
        /** The simulated network reports each sent message delivered (`studio-box sim delivery-reports on|off`). */
        simulatorDeliveryReports: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    sms: z
      .object({
        /** Parts handed to the modem per minute at most (operators block SIMs that send faster). */
        perMinute: z.number().int().min(1).default(20),
        /** Attempts for "not sent" errors (+CMS ERROR 38, 42, no network…) before a message fails. */
        maxAttempts: z.number().int().min(1).default(5),
        /** First wait before trying a "not sent" message again; doubled per attempt, up to 30 min. */
        retryBaseSeconds: z.number().positive().default(30),
        /** Ask the network for delivery reports. */
        deliveryReports: z.boolean().default(true),
        /** A long message whose parts do not all arrive is shown, marked incomplete, after this. */
        incompleteAfterMinutes: z.number().min(0).default(30),
        /** How long the modem may take to answer AT+CMGS after the PDU (FIELD-NOTES: up to 60 s); then the message is "unknown". */
        sendTimeoutSeconds: z.number().positive().default(60),
        /** The SIM is read in full this often, in case an announcement (+CMTI) was lost. */
        sweepSeconds: z.number().positive().default(300),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        /** Group e-mails handed to the SMTP server per minute at most (mail providers block faster senders). */
        perMinute: z.number().int().min(1).max(6000).default(20),
        /** How long group e-mails wait when the server cannot be reached, before the next try. */
        retrySeconds: z.number().positive().default(300),
      })
      .strict()
      .prefault({}),
    cardSource: z
      .object({
        /** folder: a folder is the card slot (laptop); block: the card reader on the Pi. */
        kind: z.enum(['folder', 'block']).default('folder'),
        /** The development card slot: a folder that appears here is a card. Default: <dataDir>/card-slot. */
        path: z.string().min(1).optional(),
        pollSeconds: z.number().positive().default(2),
        /** folder: a new folder is a card once it has not changed for this long (a copy into the slot takes time). */
        settleSeconds: z.number().min(0).default(1.5),
        /** block: where cards are mounted read-only. */
        mountBase: z.string().min(1).default('/run/studio-box/cards'),
        mountCommands: z
          .object({
            vfat: commandTemplate(['device', 'mountpoint']).default(KERNEL_MOUNT_COMMANDS.vfat),
            exfat: commandTemplate(['device', 'mountpoint']).default(KERNEL_MOUNT_COMMANDS.exfat),
            ntfs: commandTemplate(['device', 'mountpoint']).default(KERNEL_MOUNT_COMMANDS.ntfs),
          })
          .strict()
          .prefault({}),
        unmountCommand: commandTemplate(['mountpoint']).default(DEFAULT_UNMOUNT_COMMAND),
        lazyUnmountCommand: commandTemplate(['mountpoint']).default(DEFAULT_LAZY_UNMOUNT_COMMAND),
        fsTypes: z.array(z.enum(CARD_FS_TYPES)).min(1).default([...CARD_FS_TYPES]),
        transports: z.array(z.string().min(1)).min(1).default([...CARD_TRANSPORTS]),
        allowLoopDevices: z.boolean().default(false),
        usbEvents: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    disks: z
      .object({
        library: diskSchema.prefault({}),
        backup: diskSchema.prefault({}),
        /** Warn before a card when less than this would be left on a disk after it. */
        lowSpaceWarnBytes: z.number().int().min(0).default(DEFAULT_LOW_SPACE_WARN_BYTES),
      })
      .strict()
      .prefault({}),
    /**
     * Status LEDs, buzzer and eject button (H5). none: nothing is driven (a laptop; the status
     * page still shows what would light). onoff: the Pi's header through sysfs. Pins are BCM
     * numbers (docs/appliance.md has the wiring); null leaves a part out.
     */
    gpio: z
      .object({
        kind: z.enum(['none', 'onoff']).default('none'),
        /** sysfs number of BCM 0; "auto" reads it from the Pi's pin controller (512 on a Pi 4 with kernel 6.6). */
        chipBase: z.union([z.literal('auto'), z.number().int().min(0)]).default('auto'),
        pins: z
          .object({
            ready: bcmPin.default(5),
            ingest: bcmPin.default(6),
            unreadSms: bcmPin.default(13),
            fault: bcmPin.default(19),
            call: bcmPin.default(26),
            buzzer: bcmPin.default(12),
            button: bcmPin.default(16),
          })
          .strict()
          .prefault({}),
        /** The button connects the pin to ground, pulled up (config.txt `gpio=16=ip,pu`): pressed reads 0. */
        buttonActiveLow: z.boolean().default(true),
        debounceMs: z.number().int().min(0).max(500).default(30),
        longPressSeconds: z.number().min(1).max(30).default(3),
        pollMs: z.number().int().min(1).max(100).default(10),
        /** Run on a long press (no shell), e.g. the root helper's poweroff; null: the long press does nothing. */
        longPressCommand: z.string().trim().min(1).nullable().default(null),
      })
      .strict()
      .prefault({}),
    system: z
      .object({
        /**
         * Renames the box on the network (settings → the box's name), {name} filled in, no shell.
         * On the Pi: "/usr/local/libexec/studio-box/helper set-hostname {name}".
         * null: the name is the computer's own business (a laptop).
         */
        renameCommand: z
          .string()
          .trim()
          .refine((t) => t.includes('{name}') && !t.split(/\s+/)[0]!.includes('{'), 'must contain {name}, and not as the program')
          .nullable()
          .default(null),
        /**
         * Applies a release uploaded on the status page, {file} filled in (checked, with its
         * SHA256SUMS and SHA256SUMS.sig beside it in <dataDir>/updates). On the Pi:
         * "/usr/local/libexec/studio-box/helper update {file}". null: no updates from the page.
         */
        updateCommand: z
          .string()
          .trim()
          .refine((t) => t.includes('{file}') && !t.split(/\s+/)[0]!.includes('{'), 'must contain {file}, and not as the program')
          .nullable()
          .default(null),
        /**
         * The release public key (ed25519, PEM) an update on a USB stick must be signed with
         * (usb-update.ts; docs/security.md, release signing). On the Pi the key install.sh put
         * there: /usr/local/libexec/studio-box/release-key.pem. null: no updates from a stick.
         */
        releaseKey: z.string().trim().min(1).nullable().default(null),
        /**
         * Prints a whole disk's SMART health as JSON for the System page, {device} filled in
         * (e.g. /dev/sda). smartctl needs root: on the Pi
         * "/usr/local/libexec/studio-box/helper smart {device}".
         */
        smartCommand: z
          .string()
          .trim()
          .refine((t) => t.includes('{device}') && !t.split(/\s+/)[0]!.includes('{'), 'must contain {device}, and not as the program')
          .default('smartctl -H -A --json {device}'),
        /** How often the box looks at its own address, and how long a new one must hold before the owner is texted. */
        addressCheckSeconds: z.coerce.number().min(0.05).max(3600).default(15),
        addressStableSeconds: z.coerce.number().min(0).max(86_400).default(60),
      })
      .strict()
      .prefault({}),
    callerId: z
      .object({
        /**
         * The box's own area code ("010" or "10" for Beijing): a landline caller in the same
         * area arrives without it. Digits only; a number from the environment is taken as text.
         */
        localAreaCode: z.coerce.string().regex(/^\d{1,6}$/, 'digits only, e.g. "010"').optional(),
        /** An analog voice modem on the shop's landline (second serial port); port null: none. */
        analog: z
          .object({
            // Not "auto": an analog modem and a GSM modem on USB-serial adapters look the same
            // and both answer AT, so a search could take the GSM modem for the landline (or
            // the reverse). Its port is named, best by /dev/serial/by-id, and `auto` for the
            // GSM modem leaves it out.
            port: z
              .string()
              .min(1)
              .refine((p) => p.toLowerCase() !== AUTO_PORT, {
                message: 'cannot be "auto" (the box cannot tell two modems apart safely): give the analog modem\'s port, best its /dev/serial/by-id/… name',
              })
              .nullable()
              .default(null),
            baudRate: z.number().int().positive().default(115200),
            /** After `ATE0`. `AT+VCID=1` asks for formatted caller ID (some modems: `AT#CID=1`). */
            initCommands: z.array(z.string().min(1)).default(['AT+VCID=1']),
          })
          .strict()
          .prefault({}),
        /** No RING for this long: the call stopped ringing (lines ring every 4–6 s). */
        ringTimeoutSeconds: z.number().positive().default(8),
        /** Sound the GPIO buzzer and light the call LED while a call rings. */
        buzzer: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /**
     * The scrub re-reads every stored file on both disks (docs/README.md, "Scrub"). Patterns in
     * the studio's time zone: `start` begins a pass (weekly), `night` continues a scheduled pass
     * the morning paused, `day` pauses it. Needs a restart.
     */
    scrub: z
      .object({
        enabled: z.boolean().default(true),
        start: cronPattern.default('0 1 * * 0'),
        night: cronPattern.default('0 1 * * *'),
        day: cronPattern.default('0 6 * * *'),
        /** Read cap of the scrub, MB/s over both disks (0: none): the disks stay free for the studio. */
        readMBps: z.number().min(0).default(40),
      })
      .strict()
      .prefault({}),
    /**
     * Database backups (docs/off-box-copies.md): `schedule` is a node-cron pattern in the
     * studio's time zone; the newest backup of each of the last `keepDaily` days and of the last
     * `keepMonthly` months are kept (locally, on the backup disk and on the share).
     */
    backup: z
      .object({
        enabled: z.boolean().default(true),
        schedule: cronPattern.default('30 2 * * *'),
        keepDaily: z.number().int().min(1).max(366).default(14),
        keepMonthly: z.number().int().min(0).max(120).default(12),
        /** The largest backup file an admin may upload to restore from (MB). */
        maxUploadMB: z.number().positive().max(65536).default(2048),
      })
      .strict()
      .prefault({}),
    /**
     * The mirror to the studio PC's shared folder (docs/off-box-copies.md). The share itself
     * (address, user, password) is set in the browser, not here: its password stays out of
     * config files. These are the worker's pace.
     */
    mirror: z
      .object({
        /** First pause after the share failed (PC off); doubles on each failure up to retryCapSeconds. */
        retryBaseSeconds: z.number().positive().default(5),
        retryCapSeconds: z.number().positive().default(600),
        /** How often an idle mirror looks for new files besides being told (a job ended, an import). */
        idlePollSeconds: z.number().positive().default(15),
        /** smbclient's own timeout per operation. */
        smbTimeoutSeconds: z.number().int().positive().default(30),
        /** How smbclient finds the PC by name (its -R): DNS ("host"), then NetBIOS (wins, bcast) for a bare PC name. */
        nameResolveOrder: z.string().regex(/^(lmhosts|host|wins|bcast)( (lmhosts|host|wins|bcast))*$/, 'words among lmhosts, host, wins, bcast').default('lmhosts host wins bcast'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.modem.kind === 'serial' && !c.modem.port) {
      ctx.addIssue({ code: 'custom', path: ['modem', 'port'], message: 'required when modem.kind is "serial": "auto" finds the modem by itself, or a device such as /dev/serial0 or /dev/ttyUSB2' });
    }
    const { library, backup } = c.disks;
    for (const [role, d] of [['library', library], ['backup', backup]] as const) {
      if (c.cardSource.kind === 'block' && !d.uuid && !d.label) {
        ctx.addIssue({ code: 'custom', path: ['disks', role], message: 'uuid or label is required when cardSource.kind is "block": /dev names change between boots (`lsblk -f` shows both)' });
      }
      if (d.mountCommand && !d.uuid && !d.label) {
        ctx.addIssue({ code: 'custom', path: ['disks', role, 'mountCommand'], message: 'needs uuid or label: the box mounts only a disk it has identified' });
      }
    }
    const sameUuid = library.uuid && backup.uuid && library.uuid.toLowerCase() === backup.uuid.toLowerCase();
    const sameLabel = !library.uuid && !backup.uuid && library.label && library.label === backup.label;
    if (sameUuid || sameLabel) ctx.addIssue({ code: 'custom', path: ['disks', 'backup'], message: 'must be another disk than disks.library' });
  });

type ParsedConfig = z.output<typeof configSchema>;

export type DiskConfig = Omit<ParsedConfig['disks']['library'], 'path'> & { path: string };

/** The config with every path made absolute and every default filled in. */
export interface Config extends Omit<ParsedConfig, 'cardSource' | 'disks'> {
  cardSource: ParsedConfig['cardSource'] & { path: string };
  disks: { library: DiskConfig; backup: DiskConfig; lowSpaceWarnBytes: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export const ENV_PREFIX = 'STUDIO_BOX_';

/** STUDIO_BOX_HTTP__PORT=9000 -> { http: { port: 9000 } }; `__` nests, `_` joins words. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined || name === `${ENV_PREFIX}CONFIG`) continue;
    const path = name
      .slice(ENV_PREFIX.length)
      .split('__')
      .map((part) => part.toLowerCase().replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase()));
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = (next && typeof next === 'object' ? next : (node[key] = {})) as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = parseEnvValue(raw);
  }
  return out;
}

// Numbers, booleans and null arrive as text in the environment; anything else stays a string.
function parseEnvValue(raw: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  return raw;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ConfigSources {
  /** Path of a JSON config file; it must exist when given. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Values set by the caller (tests, CLI flags), applied last. */
  overrides?: Record<string, unknown>;
  /** Base for relative paths; default: the process's working directory. */
  cwd?: string;
}

export function loadConfig(sources: ConfigSources = {}): Config {
  let fromFile: Record<string, unknown> = {};
  if (sources.file) {
    let text: string;
    try {
      text = readFileSync(sources.file, 'utf8');
    } catch (err) {
      throw new ConfigError([`config file ${sources.file}: ${(err as Error).message}`]);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isPlainObject(parsed)) throw new Error('top level must be an object');
      fromFile = parsed;
    } catch (err) {
      throw new ConfigError([`config file ${sources.file}: not valid JSON: ${(err as Error).message}`]);
    }
  }
  const merged = deepMerge(deepMerge(fromFile, configFromEnv(sources.env ?? {})), sources.overrides ?? {});
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const keys = 'keys' in issue && Array.isArray(issue.keys) ? `.${issue.keys.join(', .')}` : '';
        const path = issue.path.join('.') + keys;
        return `${path || '(root)'}: ${issue.message}`;
      }),
    );
  }
  const c = result.data;
  const cwd = sources.cwd ?? process.cwd();
  const dataDir = resolve(cwd, c.dataDir);
  const under = (p: string | undefined, fallback: string) => resolve(dataDir, p ?? fallback);
  return {
    ...c,
    dataDir,
    cardSource: { ...c.cardSource, path: under(c.cardSource.path, 'card-slot'), mountBase: resolve(cwd, c.cardSource.mountBase) },
    disks: {
      ...c.disks,
      library: { ...c.disks.library, path: under(c.disks.library.path, 'library') },
      backup: { ...c.disks.backup, path: under(c.disks.backup.path, 'backup') },
    },
  };
}
