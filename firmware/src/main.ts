// Composition root: read config, open the database, start the services and the HTTP server.
// Nothing else lives here.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Health, IngestEnded, ModemStatus, Order, UserRef } from './api-types.js';
import { AuditLog } from './audit/audit-log.js';
import { GroupService } from './auth/group-service.js';
import { LoginThrottle, MemoryThrottleStore } from './auth/login-throttle.js';
import { SqliteThrottleStore } from './auth/throttle-store.js';
import { EventStreams } from './http/event-streams.js';
import { SessionService } from './auth/session-service.js';
import { UserService } from './auth/user-service.js';
import type { Config } from './config.js';
import { ContactService } from './crm/contact-service.js';
import { FeedbackService } from './crm/feedback-service.js';
import { MailCampaigns } from './mail/mail-campaigns.js';
import { MailSender } from './mail/mail-sender.js';
import { ReferralService } from './crm/referral-service.js';
import { VisitPlanService } from './crm/visit-plan-service.js';
import { PaymentService } from './finance/payment-service.js';
import { MembershipService } from './membership/membership-service.js';
import { OrderService } from './orders/order-service.js';
import { WorkflowService } from './workflow/workflow-service.js';
import { AppointmentService } from './appointments/appointment-service.js';
import { AppointmentSettingsStore } from './appointments/appointment-settings.js';
import { OrderLookup } from './workflow/order-lookup.js';
import { PostTaskService } from './workflow/post-task-service.js';
import { PriceListService } from './till/price-list-service.js';
import { ArrearsList } from './till/arrears.js';
import { DayClosing } from './till/day-closing.js';
import { DashboardService } from './dashboard/dashboard-service.js';
import { CashBook } from './till/cash-book.js';
import { ReportService } from './reports/report-service.js';
import { StorageSampler } from './reports/storage-sampler.js';
import { Statements } from './till/statements.js';
import { BillService } from './till/bill-service.js';
import { PointsEarning } from './till/points-earning.js';
import { StoredValueService } from './till/stored-value-service.js';
import { TillSettingsService } from './till/till-settings.js';
import { GiftService } from './till/gift-service.js';
import { ReferralPoints } from './till/referral-points.js';
import { StageService } from './crm/stage-service.js';
import { CustomerService } from './crm/customer-service.js';
import { openDatabase } from './db/connection.js';
import { ConflictError } from './errors.js';
import { migrate } from './db/migrate.js';
import { backupBeforeMigration } from './db/pre-migration-backup.js';
import { migrations } from './db/migrations/index.js';
import { EventHub } from './events/event-hub.js';
import { NoopGpio, type Gpio } from './hw/gpio.js';
import { makeGpio } from './hw/make-gpio.js';
import { LedPanelService } from './hw/led-panel.js';
import { wireShutdownButton } from './hw/shutdown-button.js';
import { createApp } from './http/app.js';
import { startControlSocket, type ControlSocket } from './http/control-socket.js';
import { listenEarly } from './http/listen.js';
import type { HttpContext } from './http/context.js';
import { BackupHolding, HOLDING_FOLDER } from './ingest/disks/backup-holding.js';
import { BlockCardSource } from './ingest/card/block-card-source.js';
import { BlockDisk } from './ingest/disks/block-disk.js';
import type { CardSource } from './ingest/card/card-source.js';
import { FolderDisk, type Disk } from './ingest/disks/disk.js';
import { FolderCardSource } from './ingest/card/folder-card-source.js';
import { IngestDesk } from './ingest/ingest-desk.js';
import { IngestService } from './ingest/ingest-service.js';
import { PhotoLibrary } from './ingest/photo-library.js';
import { PhotoMetaCache } from './ingest/photos/photo-meta-cache.js';
import { SelectionService } from './selection/selection-service.js';
import { ThumbnailQueue } from './ingest/thumbnail-queue.js';
import { ThumbSheets } from './ingest/photos/thumb-sheets.js';
import type { Logger } from './log.js';
import { createHostReader } from './system/host/host-reader.js';
import { currentAddresses, currentHostname } from './system/box-network.js';
import { OwnerAddressSms } from './system/owner-address-sms.js';
import type { BoxAddress } from './api-types.js';
import { GsmModem } from './modem/gsm-modem.js';
import { SqliteRestartRecords } from './modem/restart-store.js';
import { SimulatorControl } from './modem/simulator-control.js';
import { SmsService } from './modem/sms/sms-service.js';
import { AnalogCallLine } from './calls/analog-line.js';
import type { CallLineSource } from './calls/call-line.js';
import { CallService } from './calls/call-service.js';
import { cardFacts, type CardFactSources } from './calls/caller-card.js';
import { GsmCallLine } from './calls/gsm-line.js';
import { SettingsService } from './settings/settings-service.js';
import { createCareServices } from './care/care-services.js';
import { createCampaignServices } from './campaigns/campaign-services.js';
import { ScrubSchedule } from './scrub/scrub-schedule.js';
import { ReminderSchedule } from './reminders/reminder-schedule.js';
import { ZonedCron } from './util/zoned-cron.js';
import { ReminderService } from './reminders/reminder-service.js';
import { reminderSmsSender } from './reminders/reminder-sms.js';
import { ScrubService } from './scrub/scrub-service.js';
import { CustomerImportService } from './crm/import/import-service.js';
import { MailService } from './mail/mail-service.js';
import { MirrorService } from './mirror/mirror-service.js';
import { BackupService, DB_BACKUP_DISK_FOLDER } from './backup/backup-service.js';
import { applyPendingRestore, removeStaleTemps } from './backup/db-backup.js';
import { systemClock, type Clock } from './util/clock.js';
import { VERSION } from './version.js';
import { UpdateUploads } from './system/update-upload.js';
import { watchUsbUpdates } from './system/usb-update.js';

export interface RunningBox {
  /** The URL the box answers on, e.g. http://127.0.0.1:8080/ */
  url: string;
  port: number;
  ctx: HttpContext;
  /** The GSM modem (its `simulator` handle in development and tests); null with modem.kind none. */
  modem: GsmModem | null;
  /** The simulated modem's people-facing controls (Simulator panel, `studio-box sim`); null for a real modem. */
  simulator: SimulatorControl | null;
  /** The LEDs and buzzer (a NoopGpio off the Pi: tests read its LED states). */
  gpio: Gpio;
  close(): Promise<void>;
}

/** Events that change what a caller's card says. */
const CARD_EVENTS = new Set(['contact.added', 'order.changed', 'payment.changed', 'membership.changed']);

const here = dirname(fileURLToPath(import.meta.url));
/** dist/ui beside dist/firmware (built), whether we run from dist/ or from sources (tests). */
export const DEFAULT_UI_DIR = join(here, here.includes(`${'/dist/'}`) ? '../../ui' : '../../dist/ui');

export async function startBox(
  config: Config,
  log: Logger,
  opts: {
    clock?: Clock;
    uiDir?: string;
    /** A database restore was staged: close the box and start it again (serve does). */
    requestRestart?: () => void;
    /** The box's LAN addresses (tests: a fake interface reader); default the computer's. */
    addresses?: () => BoxAddress[];
  } = {},
): Promise<RunningBox> {
  const clock = opts.clock ?? systemClock;
  // A restore staged before this start (by an admin, or `studio-box backup restore`) takes the
  // database's place before anything opens it; the replaced one is kept aside.
  const aside = await applyPendingRestore(config.dataDir, clock());
  if (aside) log.warn({ keptAside: aside }, 'database restored from a backup; the one it replaced is kept aside');
  // A restore staged when the power went leaves its unpacked copy (and WAL) in the data folder.
  const leftovers = await removeStaleTemps(config.dataDir, clock());
  if (leftovers.length) log.info({ removed: leftovers }, 'removed temporary files a cut-short backup or restore left');
  const db = openDatabase(join(config.dataDir, 'studio-box.db'));
  let schemaVersion: number;
  let listening: Awaited<ReturnType<typeof listenEarly>>;
  try {
    const copied = backupBeforeMigration(db, migrations, config.dataDir, clock());
    if (copied) log.info({ copy: copied }, 'database copied before migrating it');
    schemaVersion = migrate(db, migrations, clock);
    // The port first: when it is taken the box stops here, before any child process exists.
    listening = await listenEarly(config.http.port, config.http.host);
  } catch (err) {
    db.close();
    throw err;
  }
  log.info({ schemaVersion, dataDir: config.dataDir }, 'database ready');

  const audit = new AuditLog(db, clock);
  const events = new EventHub(clock, log.child({ module: 'events' }));
  const settings = new SettingsService(db, audit, clock);
  const users = new UserService(db, audit, clock);
  const groups = new GroupService(db, audit, clock);
  const sessions = new SessionService(db, { idleMinutes: config.auth.sessionIdleMinutes, maxHours: config.auth.sessionMaxHours }, clock);
  const throttle = new LoginThrottle({ maxFailures: config.auth.maxFailedLogins, lockoutSeconds: config.auth.lockoutSeconds }, new SqliteThrottleStore(db), () => clock().getTime());
  const customers = new CustomerService(db, audit, events, clock, () => settings.country());
  const reindexed = customers.ensureSearchIndex();
  if (reindexed) log.info({ customers: reindexed }, 'customer search index rebuilt');
  const contacts = new ContactService(db, audit, events, clock);
  const mail = new MailService(db, audit, clock, () => settings.get()?.language ?? 'en');
  // Spreadsheet import (C1); uploads wait in run/customer-imports until imported or forgotten.
  const customerImports = new CustomerImportService({
    dir: join(config.dataDir, 'run', 'customer-imports'), db, customers, country: () => settings.country(),
    timeZone: () => settings.get()?.timeZone ?? 'UTC', log: log.child({ module: 'customer-import' }),
  });

  // Orders (O1), the payments ledger (F1) and member cards (M1). Each owns its tables; an order
  // shows what is paid on it from the ledger, and the ledger checks a payment against its order.
  const studio = () => ({ currency: settings.get()?.currency ?? 'CNY', timeZone: settings.get()?.timeZone ?? 'UTC' });
  // The rest of C3: visit plans, feedback, referrals (the till's referral points hang on referrals.onReferred).
  const visitPlans = new VisitPlanService(db, audit, events, contacts, clock, () => studio().timeZone);
  // At the studio's midnight the day's plans fall due: each assignee's badge hears it.
  const visitPlanDay = new ZonedCron({ timeZone: () => studio().timeZone, jobs: [{ pattern: '0 0 * * *', name: 'visit-plans-due', run: () => {
    try {
      visitPlans.announceDue();
    } catch (err) {
      log.error({ err }, 'visit plans: telling the screens what fell due failed');
    }
  } }] });
  const feedback = new FeedbackService(db, audit, events, clock);
  const referrals = new ReferralService(db, audit, events, clock, log.child({ module: 'referrals' }));
  // A forward stage move may text the customer (S2 "stage changed"); `care` is built below, and
  // no move happens before the box has started.
  const stages = new StageService(db, audit, events, clock, () => studio().timeZone, (ids) => customers.phonesOf(ids), (change) => {
    try {
      care.auto.stageChanged(change);
    } catch (err) {
      log.error({ err, customerId: change.customerId }, 'the automatic "stage changed" SMS failed');
    }
  });
  // C2: the customer's stage follows their orders (crm/stage-machine.ts stageForOrderEvent); a
  // lead who orders is "ordered, not shot" from now, due at the shoot. The order is already
  // saved: a failure here is logged, never undoes it.
  const followOrder = (actor: UserRef, order: Order, event: Parameters<StageService['followOrder']>[2]) => {
    try {
      stages.followOrder(actor, order.customer.id, event, order.serviceAt);
    } catch (err) {
      log.error({ err, orderId: order.id }, 'moving the customer to the stage of their order failed');
    }
  };
  const orders: OrderService = new OrderService(
    db, audit, events, clock, studio, (ids) => payments.paidOf(ids),
    (actor, order) => {
      followOrder(actor, order, { kind: 'created' });
      try {
        care.auto.orderPlaced({ id: order.id, orderNo: order.orderNo, customerId: order.customer.id });
      } catch (err) {
        log.error({ err, orderId: order.id }, 'the automatic "order placed" SMS failed');
      }
    },
    (actor, order) => followOrder(actor, order, { kind: 'state', to: order.state }),
  );
  // O2: the order's workflow stage follows its state changes (in the order's transaction), and a
  // board move into a stage that names a lifecycle stage moves the customer there.
  const workflow = new WorkflowService(db, audit, events, clock, () => studio().timeZone, (actor, customerId, to, serviceAt) => {
    try {
      stages.followOrder(actor, customerId, { kind: 'lifecycle', to }, serviceAt);
    } catch (err) {
      log.error({ err, customerId }, 'moving the customer to the stage of their order failed');
    }
  });
  orders.addFollower({ created: (id, iso) => workflow.orderCreated(id, iso), stateChanged: (id, from, to, iso, actor) => workflow.orderStateChanged(id, from, to, iso, actor) });
  // O4: post-production tasks; edited files stored by an ingest job close them (below).
  const postTasks = new PostTaskService(db, audit, events, clock, () => studio().timeZone);
  const payments: PaymentService = new PaymentService(db, audit, events, clock, (id) => orders.get(id));
  const membership = new MembershipService(db, audit, events, clock);
  const priceList = new PriceListService(db, audit, events, clock, () => studio().currency);
  // The till (F1, M2, M3): points by the studio's rules, stored value, bills.
  const tillSettings = new TillSettingsService(db, audit, clock);
  const points = new PointsEarning(db, clock, () => tillSettings.get(), () => studio().timeZone);
  const storedValue = new StoredValueService(db, audit, events, clock, () => tillSettings.get(), () => studio().currency, points);
  payments.setTender('stored_value', storedValue.tender());
  const closing = new DayClosing(db, audit, events, clock, studio);
  payments.setDayGuard((at) =>
    closing.isClosedAt(at) ? new ConflictError(`the day of ${at} is closed: correct it with a new line on an open day`, 'day_closed') : null,
  );
  payments.setTender('points', points.tender((o, cardId) => storedValue.cardOf(o, cardId)));
  const gifts = new GiftService(db, audit, events, clock);
  membership.addReverseGuard((entryId) =>
    gifts.isGiftLine(entryId) ? new ConflictError(`points line ${entryId} is a gift redemption: reverse the redemption (the gift goes back into stock)`, 'gift_redemption') : null,
  );
  const referralPoints = new ReferralPoints(db, audit, clock, () => tillSettings.get(), points);
  payments.afterAppend((actor, order) => referralPoints.afterPayment(actor, order));
  const bills = new BillService(db, audit, events, clock, {
    orderOf: (id) => orders.get(id),
    itemOf: (id) => priceList.get(id),
    discountLimitOf: (userId) => groups.discountLimitOf(userId),
    payments,
    earnForBill: (actor, order, billId, amountMinor) => {
      const card = points.cardOfCustomer(order.customer.id);
      if (card) points.earn(actor, { cardId: card.id, event: 'bill', amountMinor, reason: `bill of order ${order.orderNo}`, billId });
    },
  });
  // A billed order's total is its bill's: not changed by hand.
  orders.addTotalGuard((o) =>
    bills.isBilled(o.id) ? new ConflictError(`order ${o.orderNo} is billed: its total is the bill's`, 'order_billed') : null,
  );
  // Orders and member cards keep their customer: an order is cancelled and a card closed, never deleted.
  customers.addDeleteGuard((id) =>
    orders.hasOrders(id) ? new ConflictError('this customer has orders; orders are cancelled, never deleted', 'customer_has_orders') : null,
  );
  customers.addDeleteGuard((id) =>
    membership.hasCards(id) ? new ConflictError('this customer has member cards; close them instead of deleting the customer', 'customer_has_cards') : null,
  );

  // Hardware behind its interfaces: the same code drives the Pi's parts and the laptop stand-ins.
  const modem =
    config.modem.kind === 'none'
      ? null
      : new GsmModem({
          kind: config.modem.kind,
          port: config.modem.port,
          // `port: "auto"` never tries the landline modem's port.
          exclude: config.callerId.analog.port ? [config.callerId.analog.port] : [],
          baudRate: config.modem.baudRate,
          simulatorDir: join(config.dataDir, 'run', 'modem-sim'),
          simulator: { sendDelayMs: config.modem.simulatorSendDelayMs, deliveryReports: config.modem.simulatorDeliveryReports },
          statusFile: join(config.dataDir, 'run', 'modem-status.json'),
          log: log.child({ module: 'modem' }),
          restartRecords: new SqliteRestartRecords(db),
        });
  const noModem: ModemStatus = {
    state: 'down',
    kind: 'none',
    port: null,
    detail: 'no modem configured',
    link: null,
    info: null,
    powerWarning: null,
    restarts: { last24h: [], total: 0, lastAt: null, lastSign: null, frequent: false },
  };
  const modemStatus = (): ModemStatus => modem?.status() ?? noModem;
  const sms = new SmsService(db, audit, events, customers, () => settings.country(), clock, log.child({ module: 'sms' }), modem, {
    ...config.sms,
    retryBaseMs: config.sms.retryBaseSeconds * 1000,
    cmgsTimeoutMs: config.sms.sendTimeoutSeconds * 1000,
    sweepMs: config.sms.sweepSeconds * 1000,
  });
  modem?.on('status', (st) => events.publish('modem.status', { state: st.state, detail: st.detail }));
  // SMS the box sends by itself (issue 14): quiet hours, opt-out by reply, never twice.
  const care = createCareServices({
    db, audit, events, customers, sms, timeZone: () => studio().timeZone, clock, log: log.child({ module: 'care' }),
    facts: {
      lastOrderNo: (id) => orders.lastForCard(id)?.orderNo ?? null,
      unpaid: (id) => orders.unpaidOf(id),
      points: (id) => membership.cardForCaller(id)?.points ?? null,
      store: () => settings.get()?.studioName || null,
    },
    language: () => settings.get()?.language ?? 'zh-CN',
    paymentFacts: (orderId) => {
      const o = orders.get(orderId);
      return { orderNo: o.orderNo, dueMinor: o.dueMinor ?? 0, currency: o.currency };
    },
  });
  // Group SMS (S3): segments and campaigns, trickled into the outbox a few at a time.
  const campaigns = createCampaignServices({
    db, audit, events, clock, log: log.child({ module: 'campaigns' }), sms, care, perMinute: config.sms.perMinute,
    studio: () => ({ ...studio(), studioName: settings.get()?.studioName || null }),
  });
  // Group e-mail (S6): personalised like the SMS templates, sent one at a time, never twice.
  const mailSender = new MailSender({ db, mail, events, clock, log: log.child({ module: 'mail' }), perMinute: config.mail.perMinute, retrySeconds: config.mail.retrySeconds });
  const mailCampaigns = new MailCampaigns({
    db, audit, events, clock, language: () => settings.get()?.language ?? 'zh-CN', valuesFor: (id) => care.valuesFor(id),
    waiting: () => mailSender.waiting(), kick: () => mailSender.kick(), segments: campaigns.segments,
  });
  // Reminders (C4): planned hourly on the studio's clock; a run missed while off happens at start.
  const reminders = new ReminderService({
    db, audit, events, contacts, clock, timeZone: () => studio().timeZone, log: log.child({ module: 'reminders' }),
    // A kind with SMS on texts the customer through its template (care/), never twice.
    sms: reminderSmsSender({
      care, order: (id) => { try { return orders.get(id); } catch { return null; } },
      stageDueAt: (id) => customers.get(id).stageDueAt,
      language: () => settings.get()?.language ?? 'zh-CN', timeZone: () => studio().timeZone, log: log.child({ module: 'reminders' }),
    }),
  });
  const reminderSchedule = new ReminderSchedule({
    timeZone: () => studio().timeZone, clock, log: log.child({ module: 'reminders' }),
    lastRunAt: () => reminders.lastRunAt(), run: () => reminders.run(),
  });
  // Memory cards: the Pi's card reader (block devices, mounted read-only), or a folder on a laptop.
  const cs = config.cardSource;
  const cardLog = log.child({ module: 'cards' });
  const cardSource: CardSource =
    cs.kind === 'block'
      ? new BlockCardSource({
          log: cardLog, mountBase: cs.mountBase, mountCommands: cs.mountCommands,
          unmountCommand: cs.unmountCommand, lazyUnmountCommand: cs.lazyUnmountCommand,
          pollMs: cs.pollSeconds * 1000, usb: cs.usbEvents ? 'auto' : null,
          fsTypes: cs.fsTypes, transports: cs.transports, allowLoopDevices: cs.allowLoopDevices,
          exclude: (['library', 'backup'] as const).map((role) => ({ name: role, uuid: config.disks[role].uuid, label: config.disks[role].label })),
        })
      : new FolderCardSource(cs.path, { log: cardLog, pollMs: cs.pollSeconds * 1000, settleMs: cs.settleSeconds * 1000 });
  // The two USB disks, found by filesystem UUID or label (never by /dev name); folders on a laptop.
  const diskLog = log.child({ module: 'disks' });
  const makeDisk = (role: 'library' | 'backup'): Disk => {
    const d = config.disks[role];
    return d.uuid || d.label
      ? new BlockDisk({ role, identity: { uuid: d.uuid, label: d.label }, path: d.path, mountCommand: d.mountCommand, log: diskLog })
      : new FolderDisk(role, d.path, true);
  };
  const library = makeDisk('library');
  const backup = makeDisk('backup');
  const disks = [library, backup];
  const gpio = makeGpio(config.gpio, log.child({ module: 'gpio' }));
  // The button held: a clean shutdown through the root helper, refused where none is configured.
  const stopShutdownButton = wireShutdownButton(gpio, { command: config.gpio.longPressCommand, log: log.child({ module: 'gpio' }) });
  // Card ingest (H3): the copy engine, thumbnails and EXIF, and the desk that takes a card from
  // "inserted" to "safe to remove" (ingest/ingest-desk.ts).
  const timeZone = () => settings.get()?.timeZone ?? 'UTC';
  // Each disk's used and free bytes and the library's files, once a studio day (R1 disk growth).
  const storageSampler = new StorageSampler({ db, clock, timeZone, disks: () => Promise.all(disks.map((d) => d.health())), log: log.child({ module: 'storage-sample' }) });
  const ingestLog = log.child({ module: 'ingest' });
  const owner = `studio-box daemon (pid ${process.pid})`;
  const ingest = new IngestService({
    db, clock, log: ingestLog, libraryRoot: library.root, backupRoot: backup.root, timeZone, owner, checkDisks: () => desk.checkDisks('both'),
  });
  // An admin's "copy without the backup disk": the second copy waits on the library disk.
  const holdingRoot = join(library.root, HOLDING_FOLDER);
  const libraryOnly = new IngestService({
    db, clock, log: ingestLog.child({ libraryOnly: true }), libraryRoot: library.root, backupRoot: holdingRoot, timeZone, owner, checkDisks: () => desk.checkDisks('library'),
  });
  const thumbs = new ThumbnailQueue({
    cacheDir: join(config.dataDir, 'thumbs'),
    log: log.child({ module: 'thumbs' }),
    onSettled: (job, o) => {
      if (o.status === 'ready') events.publish('thumb.ready', { key: job.key });
    },
  });
  const metas = new PhotoMetaCache({ cacheDir: join(config.dataDir, 'thumbs'), timeZone, log: log.child({ module: 'photo-meta' }) });
  const uploadRoot = join(config.dataDir, 'run', 'imports');
  const holding: BackupHolding = new BackupHolding({
    root: holdingRoot, backup, db, log: ingestLog.child({ holding: true }),
    busy: () => desk.libraryOnlyBusy(),
    onMoved: (r) => events.publish('ingest.backupCaughtUp', r),
  });
  const desk: IngestDesk = new IngestDesk({
    db, audit, ingest, libraryOnly, holding, cardSource, library, backup, events, thumbs, metas, gpio, clock, log: ingestLog, timeZone,
    lowSpaceWarnBytes: config.disks.lowSpaceWarnBytes, uploadRoot,
  });
  const photos = new PhotoLibrary({
    db, ingest, metas, uploadRoot, thumbSizes: thumbs.sizes, timeZone, clock, log: ingestLog, disksReady: () => desk.disksReady(),
    thumbLookup: (key, size) => thumbs.lookup(key, size),
  });
  // Thumbnail sheets (24 thumbnails an image) for the grids that scroll.
  const sheets = new ThumbSheets({
    thumbs,
    jobOf: (key) => {
      const file = photos.fileByHash(key);
      return file ? photos.thumbJobOf(file) : null;
    },
  });
  // O4: photo selection on a tablet; the kept originals go to the order folder's selected/.
  const selection = new SelectionService({
    db, audit, events, clock, photos, orders, priceList, libraryRoot: resolve(library.root),
    studio: () => ({ name: settings.get()?.studioName ?? '', timeZone: timeZone() }),
  });
  // The scrub (issue 12): every stored file re-read on both disks, weekly at night, a bad copy
  // written again from the good one. Jobs record their roots: the held backups count too.
  const scrubSchedule: ScrubSchedule = new ScrubSchedule({
    config: config.scrub, timeZone, log: log.child({ module: 'scrub' }),
    onStart: () => scrub.scheduledStart(), onNight: () => scrub.nightStart(), onDay: () => scrub.nightEnd(),
  });
  const scrub = new ScrubService({
    db, clock, log: log.child({ module: 'scrub' }), audit, events,
    roots: { library: resolve(library.root), backups: [resolve(backup.root), resolve(holdingRoot)] },
    // A file bad on both disks is written again from the studio PC's copy, when it has one.
    thirdCopy: (f) => mirror.thirdCopy(f),
    releaseThirdCopy: (path) => mirror.release(path),
    disksReady: async () => {
      for (const d of disks) {
        const h = await d.health();
        if (h.state === 'down') return `the ${d.role} disk is not available (${h.error ?? h.reason ?? 'down'})`;
      }
      return null;
    },
    readBytesPerSecond: () => config.scrub.readMBps * 1e6,
    nextScheduledAt: () => scrubSchedule.nextStart(),
  });
  // The mirror to the studio PC's shared folder (H4): every stored file, copied by one worker
  // that never holds up an ingest; it looks again whenever a job ends.
  const mc = config.mirror;
  const mirror: MirrorService = new MirrorService({
    db, audit, clock, log: log.child({ module: 'mirror' }), dataDir: config.dataDir, libraryRoot: library.root,
    worker: { retryBaseMs: mc.retryBaseSeconds * 1000, retryCapMs: mc.retryCapSeconds * 1000, idlePollMs: mc.idlePollSeconds * 1000 },
    smb: { timeoutSeconds: mc.smbTimeoutSeconds, nameResolveOrder: mc.nameResolveOrder },
  });
  const stopPostTasks = events.subscribe((e) => {
    if (e.type !== 'ingest.finished') return;
    const { job } = e.data as IngestEnded;
    try {
      postTasks.editsStored({ jobId: job.id, customerId: job.customerId, orderLabel: job.orderLabel, subfolder: job.subfolder, filesCopied: job.filesCopied });
    } catch (err) {
      log.error({ err, jobId: job.id }, 'closing post-production tasks after an import failed');
    }
  });
  const stopMirrorWake = events.subscribe((e) => {
    if (e.type === 'ingest.finished' || e.type === 'ingest.failed' || e.type === 'photos.changed' || e.type === 'ingest.backupCaughtUp') mirror.wake();
  });
  // Database backups (A2): nightly and on demand, to the SD card, the backup disk and the share.
  const backups = new BackupService({
    db, audit, clock, log: log.child({ module: 'backup' }), dataDir: config.dataDir, schemaVersion, timeZone, config: config.backup,
    backupDiskDir: async () => ((await backup.health()).state === 'down' ? null : join(backup.root, DB_BACKUP_DISK_FOLDER)),
    toShare: (file, keep) => mirror.uploadBackup(file, keep),
    requestRestart: opts.requestRestart ?? (() => log.warn('restart the box to switch to the restored database')),
  });
  // Caller ID (H2): the SIM's calls through the GSM modem, the landline through an analog modem.
  const callLines: CallLineSource[] = [];
  if (modem) callLines.push(new GsmCallLine(modem, log.child({ module: 'calls', line: 'gsm' })));
  const analog = config.callerId.analog;
  const landline = analog.port
    ? new AnalogCallLine({ port: analog.port, baudRate: analog.baudRate, initCommands: analog.initCommands, log: log.child({ module: 'calls', line: 'analog' }) })
    : null;
  if (landline) callLines.push(landline);
  const factSources: CardFactSources = {
    lastContact: (id) => contacts.last(id),
    lastOrder: (id) => orders.lastForCard(id),
    unpaid: (id) => orders.unpaidOf(id),
    membership: (id) => membership.cardForCaller(id),
    currency: () => studio().currency,
  };
  const calls = new CallService(
    { db, audit, events, customers, cardFacts: (id) => cardFacts(factSources, id), country: () => settings.country(), clock, log: log.child({ module: 'calls' }), lines: callLines, gpio },
    { localAreaCode: config.callerId.localAreaCode, ringTimeoutMs: config.callerId.ringTimeoutSeconds * 1000, buzzer: config.callerId.buzzer },
  );
  // The front panel's LEDs (H5): ready, unread SMS and fault from the box's state, each with its
  // reasons for the status page; the ingest desk blinks its LED and the call ringer lights its own.
  let daemonReady = false;
  const leds = new LedPanelService({
    gpio, driven: !(gpio instanceof NoopGpio), subscribe: (fn) => events.subscribe(fn), clock, log: log.child({ module: 'leds' }),
    sources: {
      ready: () => daemonReady,
      copyingJobs: () => desk.copyingJobs(),
      unreadSms: () => sms.unreadCount(),
      callBell: config.callerId.buzzer,
      ringingLines: () => calls.active().filter((c) => c.state === 'ringing').length,
      disks: () => Promise.all(disks.map((d) => d.health())),
      lowSpaceBytes: config.disks.lowSpaceWarnBytes,
      modem: modemStatus,
    },
  });
  // The modem's own status changes (SIM, link, restarts) are not all events on the bus.
  modem?.on('status', () => leds.poke());
  // A contact record, an order, a payment or points changed while the customer is on the line:
  // their card shows it at once.
  const stopCardUpdates = events.subscribe((e) => {
    if (!CARD_EVENTS.has(e.type)) return;
    const customerId = (e.data as { customerId?: unknown } | null)?.customerId;
    if (typeof customerId === 'number') calls.customerChanged(customerId);
  });
  // Each part is marked before it starts, so a start that fails half-way (the simulator's socat
  // up, its port not) is stopped too: a failed start leaves no child process behind.
  const started = new Set<string>();
  const begin = async (part: string, fn: () => unknown): Promise<void> => {
    started.add(part);
    await fn();
  };
  const simulator =
    modem && config.modem.kind === 'simulator'
      ? new SimulatorControl({
          simulator: () => modem.simulator?.simulator ?? null,
          why: () => (modem.simulator ? null : modem.status().detail),
          clock, log: log.child({ module: 'simulator' }),
        })
      : null;
  let control: ControlSocket | null = null;
  const stopParts = async (): Promise<void> => {
    const stop = async (part: string, fn: () => unknown): Promise<void> => {
      if (!started.has(part)) return;
      try {
        await fn();
      } catch (err) {
        log.error({ err, part }, 'stopping a part failed');
      }
    };
    stopCardUpdates();
    stopMirrorWake();
    stopPostTasks();
    stopShutdownButton();
    await stop('leds', () => leds.stop());
    await stop('control', () => control?.close());
    await stop('cardSource', () => cardSource.stop());
    await stop('desk', () => desk.stop());
    await stop('scrubSchedule', () => scrubSchedule.stop());
    await stop('reminderSchedule', () => reminderSchedule.stop());
    await stop('storageSampler', () => storageSampler.stop());
    await stop('visitPlanDay', () => visitPlanDay.stop());
    await stop('scrub', () => scrub.stop());
    await stop('backups', () => backups.stop());
    await stop('mirror', () => mirror.stop());
    await stop('holding', () => holding.stop());
    await stop('engines', () => desk.stopEngines());
    await stop('sheets', () => sheets.stop());
    await stop('thumbs', () => thumbs.stop());
    await stop('campaigns', () => campaigns.runner.stop());
    await stop('careSchedule', () => care.schedule.stop());
    await stop('mailSender', () => mailSender.stop());
    await stop('sms', () => sms.stop());
    await stop('calls', () => calls.stop());
    await stop('simulator', () => simulator?.stop());
    await stop('modem', () => modem?.stop());
    gpio.close();
  };
  try {
    await begin('modem', () => modem?.start());
    started.add('simulator');
    await begin('sms', () => sms.start());
    await begin('careSchedule', () => care.schedule.start());
    await begin('campaigns', () => campaigns.runner.start());
    await begin('mailSender', () => mailSender.start());
    await begin('calls', () => calls.start());
    for (const d of disks) await d.start();
    // Recovery first (a copy cut by a power loss is put right), then the desk listens, then cards come.
    await begin('engines', () => desk.startEngines());
    // Files copied but never read back (a stop between copy and check) are checked now, card or not.
    for (const e of [ingest, libraryOnly]) {
      void e.verifyUnverified().then(
        (r) => {
          if (r.verified || r.failed || r.unverified) ingestLog.info(r, 'read back files copied before a stop');
        },
        (err: unknown) => ingestLog.error({ err }, 'reading back unverified files failed'),
      );
    }
    await begin('thumbs', () => thumbs.start());
    await photos.start();
    await begin('desk', () => desk.start());
    await begin('holding', () => holding.start());
    // After recovery and the read-back of unverified files were queued: a pass cut by a restart goes on.
    await begin('scrub', () => scrub.start());
    await customerImports.start();
    await begin('scrubSchedule', () => scrubSchedule.start());
    await begin('reminderSchedule', () => reminderSchedule.start());
    await begin('storageSampler', () => storageSampler.start());
    await begin('visitPlanDay', () => visitPlanDay.start());
    await begin('mirror', () => mirror.start());
    await begin('backups', () => backups.start());
    await begin('cardSource', () => cardSource.start());
    await begin('control', async () => (control = await startControlSocket(config.dataDir, simulator, log.child({ module: 'control' }))));
    daemonReady = true;
    await begin('leds', () => leds.start());
  } catch (err) {
    await stopParts();
    listening.server.close();
    db.close();
    throw err;
  }

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
    const landlineHealth = landline?.health() ?? null;
    const parts = [dbState.state, ...disksHealth.map((d) => d.state), ...(m.kind === 'none' ? [] : [m.state]), ...(landlineHealth ? [landlineHealth.state] : [])];
    return {
      status: parts.every((s) => s === 'ok' || s === 'simulated') ? 'ok' : 'degraded',
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      db: dbState,
      modem: { state: m.state, kind: m.kind, port: m.port, detail: m.detail },
      cardSource: cardSource.status(),
      disks: disksHealth,
      landline: landlineHealth,
    };
  };

  const host = createHostReader({
    disks: async () => (await Promise.all(disks.map((d) => d.health()))).map((h) => ({ role: h.role, device: h.device ?? null })),
    smartCommand: config.system.smartCommand,
    startedAt,
  });
  const statements = new Statements(db, studio);
  const ctx: HttpContext = {
    clock,
    config, log: log.child({ module: 'http' }), host, leds, db, audit, settings, users, groups, sessions, throttle, customers, stages, reminders, contacts, events, streams: new EventStreams(), sms, care, campaigns, calls, modemStatus, health,
    lookup: new OrderLookup(db),
    // Its own counts (in memory): a customer's guesses never lock a colleague's login at that desk.
    lookupThrottle: new LoginThrottle({ maxFailures: config.auth.maxFailedLogins, lockoutSeconds: config.auth.lockoutSeconds }, new MemoryThrottleStore(), () => clock().getTime()),
    appointments: new AppointmentService(db, audit, events, clock, () => studio().timeZone, new AppointmentSettingsStore(db, audit, clock)),
    ingestDesk: desk, photos, selection, thumbs, sheets, orders, workflow, postTasks, payments, membership, priceList, bills, tillSettings, points, storedValue, gifts, scrub, mirror, backups, simulator, customerImports, mail,
    visitPlans, feedback, referrals, mailCampaigns,
    // The till (F1, F2).
    arrears: new ArrearsList(db),
    closing,
    statements,
    reports: new ReportService(db, statements, () => ({ ...studio(), language: settings.get()?.language ?? 'en' }), clock),
    dashboard: new DashboardService(db, clock, () => studio().timeZone, closing, modemStatus),
    cashBook: new CashBook(db, audit, events, clock, () => studio().currency, (at) => closing.isClosedAt(at)),
    uiDir: opts.uiDir ?? DEFAULT_UI_DIR,
  };
  const { server, port } = listening;
  listening.serve(createApp(ctx));
  const purge = setInterval(() => sessions.purgeExpired(), 60 * 60 * 1000);
  purge.unref();
  // The owner's phone gets the box's address when it changes (issue 17).
  const addressSms = new OwnerAddressSms({
    db, care: care.sms, addresses: opts.addresses ?? currentAddresses, ownerPhone: () => care.settings.get().ownerPhone ?? '',
    hostname: currentHostname, port, language: () => settings.get()?.language ?? 'zh-CN', clock, log: log.child({ module: 'address-sms' }),
    pollMs: config.system.addressCheckSeconds * 1000, stableMs: config.system.addressStableSeconds * 1000,
  });
  addressSms.start();
  // A release bundle on a USB stick in the card reader (issue 17 item 7).
  const updateDir = join(config.dataDir, 'updates');
  watchUsbUpdates(cardSource, {
    uploads: new UpdateUploads({ dir: updateDir, command: config.system.updateCommand }), dir: updateDir,
    releaseKey: config.system.releaseKey, version: VERSION, log: log.child({ module: 'usb-update' }),
  }, audit);

  const shownHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    ctx,
    modem,
    simulator,
    gpio,
    async close() {
      clearInterval(purge);
      addressSms.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopParts();
      db.close();
    },
  };
}
