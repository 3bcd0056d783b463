// One validated config: embedded defaults -> config file -> environment.
// The zod schema below is the only place defaults live. A bad value stops start-up with
// a message naming the key and the problem (see ConfigError).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const diskSchema = z
  .object({
    /** Folder that is the disk's root (on the Pi: its mount point). Default: <dataDir>/<role>. */
    path: z.string().min(1).optional(),
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
      })
      .strict()
      .prefault({}),
    log: z.object({ level: z.enum(LOG_LEVELS).default('info') }).strict().prefault({}),
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
        /** Serial device, e.g. /dev/ttyS0 (GSM HAT) or /dev/ttyUSB2 (SIM7600 AT port). */
        port: z.string().min(1).nullable().default(null),
        baudRate: z.number().int().positive().default(115200),
        /** The simulator's pause between Ctrl-Z and `+CMGS:` (a real modem takes ~3 s). */
        simulatorSendDelayMs: z.number().int().min(0).default(300),
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
      })
      .strict()
      .prefault({}),
    cardSource: z
      .object({
        kind: z.enum(['folder']).default('folder'),
        /** The development card slot: a folder that appears here is a card. Default: <dataDir>/card-slot. */
        path: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    disks: z
      .object({ library: diskSchema.prefault({}), backup: diskSchema.prefault({}) })
      .strict()
      .prefault({}),
    gpio: z.object({ kind: z.enum(['none']).default('none') }).strict().prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.modem.kind === 'serial' && !c.modem.port) {
      ctx.addIssue({ code: 'custom', path: ['modem', 'port'], message: 'required when modem.kind is "serial"' });
    }
  });

type ParsedConfig = z.output<typeof configSchema>;

/** The config with every path made absolute and every default filled in. */
export interface Config extends Omit<ParsedConfig, 'cardSource' | 'disks'> {
  cardSource: { kind: 'folder'; path: string };
  disks: { library: { path: string }; backup: { path: string } };
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
    cardSource: { kind: c.cardSource.kind, path: under(c.cardSource.path, 'card-slot') },
    disks: {
      library: { path: under(c.disks.library.path, 'library') },
      backup: { path: under(c.disks.backup.path, 'backup') },
    },
  };
}
