// SMS the box sends by itself, templates, quiet hours and opt-out (S1, S2, C4; issue 14).

/** Where an outbox message came from: the send records group by it (S5). */
export const SMS_ORIGINS = ['manual', 'template', 'automatic', 'reminder', 'campaign'] as const;
export type SmsOrigin = (typeof SMS_ORIGINS)[number];

export interface QuietHoursSetting {
  /** "HH:MM" on the studio's clock; start == end: no quiet hours. */
  start: string;
  end: string;
}

/** GET/PUT /api/care/settings (settings: view / edit). */
export interface CareSettings {
  /** Marketing and reminder SMS wait while the studio's clock is inside this window. */
  quietHours: QuietHoursSetting;
  /** The studio's phone number as customers should see it ({store_phone}). */
  storePhone: string;
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
