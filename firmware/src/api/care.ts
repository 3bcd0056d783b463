// SMS the box sends by itself, templates, quiet hours and opt-out (S1, S2, C4; issue 14).

/** Where an outbox message came from: the send records group by it (S5). */
export const SMS_ORIGINS = ['manual', 'template', 'automatic', 'reminder', 'campaign'] as const;
export type SmsOrigin = (typeof SMS_ORIGINS)[number];

export interface QuietHoursSetting {
  /** "HH:MM" on the studio's clock; start == end: no quiet hours. */
  start: string;
  end: string;
}

/** The automatic messages (S2), each on or off with its template. */
export const AUTO_SMS_KINDS = [
  'order_placed',
  'payment_taken',
  'stage_changed',
  'day_before_shoot',
  'day_before_selection',
  'day_before_pickup',
  /** Any appointment of the calendar (O3): shoot, make-up, selection, sample viewing, pickup. */
  'day_before_appointment',
  /** An order that still owes money (the arrears, F1): at most every `balanceDueEveryDays` days. */
  'balance_due',
  'birthday_blessing',
  'missed_call',
] as const;
export type AutoSmsKind = (typeof AUTO_SMS_KINDS)[number];

/** The ones sent by the clock (at `hour`, studio time); the others follow an event at once. */
export const SCHEDULED_AUTO_SMS: readonly AutoSmsKind[] = ['day_before_shoot', 'day_before_selection', 'day_before_pickup', 'day_before_appointment', 'balance_due', 'birthday_blessing'];

export interface AutoSmsRule {
  enabled: boolean;
  /** A template of the studio's; null: the one in use for the purpose in the studio's language. */
  templateId: number | null;
  /** Scheduled kinds: the studio's hour (0–23) they go out. */
  hour: number;
}

/** GET/PUT /api/care/settings (settings: view / edit). */
export interface CareSettings {
  /** Marketing and reminder SMS wait while the studio's clock is inside this window. */
  quietHours: QuietHoursSetting;
  /** The studio's phone number as customers should see it ({store_phone}). */
  storePhone: string;
  /**
   * The owner's mobile: the box texts it its address when the address changes (issue 17).
   * Saved in E.164 (+8613812345678); '' none. Any form the studio's country reads is accepted.
   */
  ownerPhone?: string;
  /** The "balance due" reminder goes to an order at most once in this many studio days (default 7). */
  balanceDueEveryDays?: number;
  automatic: Record<AutoSmsKind, AutoSmsRule>;
}

/** A customer who gets no marketing or reminder SMS. */
export interface SmsOptOut {
  customerId: number;
  /** UTC ISO. */
  at: string;
  /** 'sms': they replied a stop word; 'staff': marked by hand. */
  via: 'sms' | 'staff';
  /** The reply that opted them out. */
  inboxId: number | null;
  by: { id: number; name: string } | null;
}

/** GET /api/customers/:id/sms-opt-out: null when the customer takes marketing SMS. */
export interface SmsOptOutState {
  optOut: SmsOptOut | null;
}

/** A studio's own message template (S1). The shipped defaults are in care/default-templates.ts. */
export interface SmsTemplate {
  id: number;
  name: string;
  /** 'general', a reminder kind, or an automatic message (TEMPLATE_PURPOSES). */
  purpose: string;
  language: 'zh-CN' | 'vi' | 'en';
  body: string;
  createdAt: string;
  createdBy: { id: number; name: string } | null;
  updatedAt: string;
  updatedBy: { id: number; name: string } | null;
}

/** POST /api/care/templates; PATCH takes any subset. */
export interface SmsTemplateInput {
  name: string;
  purpose: string;
  language: 'zh-CN' | 'vi' | 'en';
  body: string;
}

/**
 * GET /api/care/template-values?customerId=: what the placeholders hold for this customer, for
 * the live preview (rendered in the browser with the same code as the box uses). `date`/`time`
 * are a sample: the customer's stage due time when it is ahead, else tomorrow 10:00.
 */
export interface TemplateValuesInfo {
  name: string | null;
  gender: 'female' | 'male' | 'other' | null;
  date: { year: number; month: number; day: number } | null;
  time: { hour: number; minute: number } | null;
  store: string | null;
  storePhone: string | null;
  orderNo: string | null;
  amountDue: { minor: number; currency: string } | null;
  points: number | null;
}
