// Composition root: read config, open the database, start the services and the HTTP server.
// Nothing else lives here.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Health, ModemStatus } from './api-types.js';
import { AuditLog } from './audit/audit-log.js';
import { GroupService } from './auth/group-service.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { SessionService } from './auth/session-service.js';
import { UserService } from './auth/user-service.js';
import type { Config } from './config.js';
import { CustomerService } from './crm/customer-service.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { migrations } from './db/migrations/index.js';
import { EventHub } from './events/event-hub.js';
import { NoopGpio } from './hw/gpio.js';
import { createApp } from './http/app.js';
import type { HttpContext } from './http/context.js';
import { FolderDisk } from './ingest/disk.js';
import { FolderCardSource } from './ingest/folder-card-source.js';
import type { Logger } from './log.js';
import { GsmModem } from './modem/gsm-modem.js';
import { SmsService } from './modem/sms/sms-service.js';
import { SettingsService } from './settings/settings-service.js';
import { systemClock, type Clock } from './util/clock.js';
import { VERSION } from './version.js';

export interface RunningBox {
  /** The URL the box answers on, e.g. http://127.0.0.1:8080/ */
  url: string;
  port: number;
  ctx: HttpContext;
  /** The GSM modem (its `simulator` handle in development and tests); null with modem.kind none. */
  modem: GsmModem | null;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
/** dist/ui beside dist/firmware (built), whether we run from dist/ or from sources (tests). */
export const DEFAULT_UI_DIR = join(here, here.includes(`${'/dist/'}`) ? '../../ui' : '../../dist/ui');

export async function startBox(config: Config, log: Logger, opts: { clock?: Clock; uiDir?: string } = {}): Promise<RunningBox> {
  const clock = opts.clock ?? systemClock;
  const db = openDatabase(join(config.dataDir, 'studio-box.db'));
  const schemaVersion = migrate(db, migrations, clock);
  log.info({ schemaVersion, dataDir: config.dataDir }, 'database ready');

  const audit = new AuditLog(db, clock);
  const events = new EventHub(clock, log.child({ module: 'events' }));
  const settings = new SettingsService(db, audit, clock);
  const users = new UserService(db, audit, clock);
  const groups = new GroupService(db, audit, clock);
  const sessions = new SessionService(db, { idleMinutes: config.auth.sessionIdleMinutes, maxHours: config.auth.sessionMaxHours }, clock);
  const throttle = new LoginThrottle({ maxFailures: config.auth.maxFailedLogins, lockoutSeconds: config.auth.lockoutSeconds }, () => clock().getTime());
  const customers = new CustomerService(db, audit, events, clock, () => settings.country());
  const reindexed = customers.ensureSearchIndex();
  if (reindexed) log.info({ customers: reindexed }, 'customer search index rebuilt');

  // Hardware behind its interfaces: the same code drives the Pi's parts and the laptop stand-ins.
  const modem =
    config.modem.kind === 'none'
      ? null
      : new GsmModem({
          kind: config.modem.kind,
          port: config.modem.port,
          baudRate: config.modem.baudRate,
          simulatorDir: join(config.dataDir, 'run', 'modem-sim'),
          simulator: { sendDelayMs: config.modem.simulatorSendDelayMs },
          statusFile: join(config.dataDir, 'run', 'modem-status.json'),
          log: log.child({ module: 'modem' }),
        });
  const noModem: ModemStatus = { state: 'down', kind: 'none', port: null, detail: 'no modem configured', link: null, info: null, powerWarning: null };
  const modemStatus = (): ModemStatus => modem?.status() ?? noModem;
  const sms = new SmsService(db, audit, events, customers, () => settings.country(), clock, log.child({ module: 'sms' }), modem, { ...config.sms, retryBaseMs: config.sms.retryBaseSeconds * 1000 });
  modem?.on('status', (st) => events.publish('modem.status', { state: st.state, detail: st.detail }));
  const cardSource = new FolderCardSource(config.cardSource.path);
  const disks = [new FolderDisk('library', config.disks.library.path, true), new FolderDisk('backup', config.disks.backup.path, true)];
  const gpio = new NoopGpio();
  await modem?.start();
  sms.start();
  await cardSource.start();
  for (const d of disks) await d.start();
  gpio.setLed('ready', true);

  const startedAt = Date.now();
  const health = async (): Promise<Health> => {
    let dbState: Health['db'];
    try {
      db.prepare('SELECT 1').get();
      dbState = { state: 'ok', schemaVersion, error: null };
    } catch (err) {
      dbState = { state: 'down', schemaVersion, error: (err as Error).message };
    }
    const disksHealth = await Promise.all(disks.map((d) => d.health()));
    const m = modemStatus();
    // A box set up without a modem is not unhealthy for it.
    const parts = [dbState.state, ...disksHealth.map((d) => d.state), ...(m.kind === 'none' ? [] : [m.state])];
    return {
      status: parts.every((s) => s === 'ok' || s === 'simulated') ? 'ok' : 'degraded',
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      db: dbState,
      modem: { state: m.state, kind: m.kind, port: m.port, detail: m.detail },
      cardSource: cardSource.status(),
      disks: disksHealth,
    };
  };

  const ctx: HttpContext = {
    config, log: log.child({ module: 'http' }), db, audit, settings, users, groups, sessions, throttle, customers, events, sms, modemStatus, health,
    uiDir: opts.uiDir ?? DEFAULT_UI_DIR,
  };
  const server = createApp(ctx).listen(config.http.port, config.http.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const purge = setInterval(() => sessions.purgeExpired(), 60 * 60 * 1000);
  purge.unref();

  const shownHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    ctx,
    modem,
    async close() {
      clearInterval(purge);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cardSource.stop();
      await sms.stop();
      await modem?.stop();
      gpio.close();
      db.close();
    },
  };
}
