import type { Clock } from '../util/clock.js';
import type { Health, ModemStatus } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { GroupService } from '../auth/group-service.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { SessionService } from '../auth/session-service.js';
import type { UserService } from '../auth/user-service.js';
import type { Config } from '../config.js';
import type { ContactService } from '../crm/contact-service.js';
import type { MailCampaigns } from '../mail/mail-campaigns.js';
import type { FeedbackService } from '../crm/feedback-service.js';
import type { ReferralService } from '../crm/referral-service.js';
import type { VisitPlanService } from '../crm/visit-plan-service.js';
import type { CustomerService } from '../crm/customer-service.js';
import type { DashboardService } from '../dashboard/dashboard-service.js';
import type { CustomerImportService } from '../crm/import/import-service.js';
import type { MailService } from '../mail/mail-service.js';
import type { StageService } from '../crm/stage-service.js';
import type { ReminderService } from '../reminders/reminder-service.js';
import type { Db } from '../db/connection.js';
import type { EventHub } from '../events/event-hub.js';
import type { EventStreams } from './event-streams.js';
import type { Logger } from '../log.js';
import type { SettingsService } from '../settings/settings-service.js';
import type { SmsService } from '../modem/sms/sms-service.js';
import type { CallService } from '../calls/call-service.js';
import type { IngestDesk } from '../ingest/ingest-desk.js';
import type { PhotoLibrary } from '../ingest/photo-library.js';
import type { ThumbnailQueue } from '../ingest/thumbnail-queue.js';
import type { ThumbSheets } from '../ingest/photos/thumb-sheets.js';
import type { OrderService } from '../orders/order-service.js';
import type { WorkflowService } from '../workflow/workflow-service.js';
import type { AppointmentService } from '../appointments/appointment-service.js';
import type { OrderLookup } from '../workflow/order-lookup.js';
import type { SelectionService } from '../selection/selection-service.js';
import type { PostTaskService } from '../workflow/post-task-service.js';
import type { PaymentService } from '../finance/payment-service.js';
import type { MembershipService } from '../membership/membership-service.js';
import type { SimulatorControl } from '../modem/simulator-control.js';
import type { ScrubService } from '../scrub/scrub-service.js';
import type { PriceListService } from '../till/price-list-service.js';
import type { ArrearsList } from '../till/arrears.js';
import type { DayClosing } from '../till/day-closing.js';
import type { CashBook } from '../till/cash-book.js';
import type { ReportService } from '../reports/report-service.js';
import type { Statements } from '../till/statements.js';
import type { BillService } from '../till/bill-service.js';
import type { PointsEarning } from '../till/points-earning.js';
import type { StoredValueService } from '../till/stored-value-service.js';
import type { TillSettingsService } from '../till/till-settings.js';
import type { GiftService } from '../till/gift-service.js';
import type { CareServices } from '../care/care-services.js';
import type { CampaignServices } from '../campaigns/campaign-services.js';
import type { MirrorService } from '../mirror/mirror-service.js';
import type { BackupService } from '../backup/backup-service.js';
import type { HostReader } from '../system/host/host-reader.js';
import type { LedPanelService } from '../hw/led-panel.js';

/** Everything the HTTP layer may use. Routes stay thin: they validate, check rights, call a service. */
export interface HttpContext {
  config: Config;
  log: Logger;
  /** The computer itself for the System page: temperature, power, memory, SMART, the daemon's log. */
  host: HostReader;
  /** The front panel's LEDs and why each shows what it shows (H5). */
  leds: LedPanelService;
  db: Db;
  audit: AuditLog;
  settings: SettingsService;
  users: UserService;
  groups: GroupService;
  sessions: SessionService;
  throttle: LoginThrottle;
  customers: CustomerService;
  /** The stage board (C2). */
  stages: StageService;
  /** Reminders (C4): the today list, the calendar, the actions. */
  reminders: ReminderService;
  /** Contact records (C3). */
  contacts: ContactService;
  /** Visit plans, feedback and complaints, referrals (the rest of C3). */
  visitPlans: VisitPlanService;
  feedback: FeedbackService;
  referrals: ReferralService;
  /** Customer import from a spreadsheet (C1). */
  customerImports: CustomerImportService;
  /** E-mail through the studio's SMTP server (S6). */
  mail: MailService;
  /** Group e-mail (S6). */
  mailCampaigns: MailCampaigns;
  events: EventHub;
  /** The open /api/events streams, ended on logout and when a user's rights change. */
  streams: EventStreams;
  sms: SmsService;
  /** SMS the box sends by itself: settings, opt-outs, the idempotent queue (issue 14). */
  care: CareServices;
  /** Group SMS (S3): segments, campaigns, their records (S5). */
  campaigns: CampaignServices;
  calls: CallService;
  /** Card ingest (H3): inserted cards, copy jobs, "next card goes to". */
  ingestDesk: IngestDesk;
  /** A customer's stored photos and imports of edited files. */
  photos: PhotoLibrary;
  /** Photo selection sessions (O4). */
  selection: SelectionService;
  thumbs: ThumbnailQueue;
  /** Thumbnail sheets: 24 thumbnails an image for the grids (made ahead when a selection opens). */
  sheets: ThumbSheets;
  /** Orders (O1). */
  orders: OrderService;
  /** The order workflow board (O2). */
  workflow: WorkflowService;
  /** Appointments with clash checks (O3). */
  appointments: AppointmentService;
  /** The box's clock (tests fix it). */
  clock: Clock;
  /** Post-production tasks (O4). */
  postTasks: PostTaskService;
  /** A customer's own order, public (O2). */
  lookup: OrderLookup;
  /** Failed order look-ups, per address and order number (the login's rules). */
  lookupThrottle: LoginThrottle;
  /** The payments ledger (F1). */
  payments: PaymentService;
  /** Member cards and points (M1). */
  membership: MembershipService;
  /** The till's price list (F1, A3). */
  priceList: PriceListService;
  /** Bills of orders (F1). */
  bills: BillService;
  /** Points rules, redeem rate, top-up bonuses (M2, M3). */
  tillSettings: TillSettingsService;
  /** Points earned by the rules and paid with at the till (M2). */
  points: PointsEarning;
  /** Stored value on member cards (M3). */
  storedValue: StoredValueService;
  /** The gift list and redeeming points for gifts (M2). */
  gifts: GiftService;
  /** Who owes what (F1). */
  arrears: ArrearsList;
  /** Closing the day (F2). */
  closing: DayClosing;
  /** Income and expense categories and the cash book (F2). */
  cashBook: CashBook;
  /** Statements by day, month, quarter, year (F2). */
  statements: Statements;
  /** Reports over every module's tables (R1, docs/reports.md). */
  reports: ReportService;
  /** The home dashboard's parts of today (R1). */
  dashboard: DashboardService;
  /** The simulated modem's controls (Simulator panel); null when the modem is real or absent. */
  simulator: SimulatorControl | null;
  /** The scrub of both disks (issue 12). */
  scrub: ScrubService;
  /** The mirror to the studio PC's shared folder (H4). */
  mirror: MirrorService;
  /** Database backups and restore (A2). */
  backups: BackupService;
  modemStatus(): ModemStatus;
  health(): Promise<Health>;
  /** Folder with the built UI (index.html, app.js, styles.css and their .gz). */
  uiDir: string;
}
