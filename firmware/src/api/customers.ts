import type { UserRef } from './core.js';

/** MISSION C2: each customer is in exactly one stage at a time. */
export const STAGES = ['lead', 'ordered', 'shot', 'selected', 'history'] as const;
export type Stage = (typeof STAGES)[number];

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export const BUSINESS_TYPES = ['wedding', 'children', 'portrait', 'individual'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export interface Phone {
  /** E.164, e.g. "+8613812345678". */
  e164: string;
  /** As a person in the studio's country writes it, e.g. "138 1234 5678". */
  display: string;
  label: string;
}

export interface PhoneInput {
  number: string;
  label?: string;
}

export interface CustomerFields {
  name: string;
  gender: Gender | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  /** The birthday is celebrated on the lunar calendar (`birthday` stays the solar day of birth). */
  birthdayLunar: boolean;
  address: string;
  area: string;
  occupation: string;
  source: string;
  businessType: BusinessType | null;
  /** Baby's birth date (for 100 days / full month reminders), YYYY-MM-DD. */
  babyBirthDate: string | null;
  /** YYYY-MM-DD (for the anniversary). */
  weddingDate: string | null;
  notes: string;
  tags: string[];
  /** E-mail address for e-mail marketing (S6), or null. Domain in lower case. */
  email: string | null;
}

export interface Customer extends CustomerFields {
  id: number;
  customerNo: string;
  phones: Phone[];
  stage: Stage;
  /** UTC ISO time the customer entered the stage. */
  stageAddedAt: string;
  /** UTC ISO time the stage is due, or null. */
  stageDueAt: string | null;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

export interface CustomerSummary {
  id: number;
  customerNo: string;
  name: string;
  phones: Phone[];
  stage: Stage;
  stageDueAt: string | null;
  updatedAt: string;
}

/** POST /api/customers body: every CustomerFields key is optional except name. */
export type CustomerCreate = Partial<CustomerFields> & {
  name: string;
  phones?: PhoneInput[];
  stage?: Stage;
  stageDueAt?: string | null;
  /** Save even though a phone already belongs to another customer. */
  allowDuplicatePhone?: boolean;
};

export type CustomerPatch = Partial<Omit<CustomerCreate, 'name'>> & { name?: string };

/** The most rows GET /api/customers answers at once (`limit`); a longer list is asked for page by page. */
export const CUSTOMER_PAGE_MAX = 200;

export interface CustomerPage {
  items: CustomerSummary[];
  /** True when more results exist beyond `limit`. */
  more: boolean;
}

export interface PhoneMatch {
  e164: string;
  customerId: number;
  customerNo: string;
  name: string;
}

export interface PhoneCheck {
  /** Null when the input is not a valid number; `error` says why. */
  phone: Phone | null;
  error: string | null;
  matches: PhoneMatch[];
  /** When the number is not valid at home but is a neighbouring country's mobile typed nationally: that country (ISO code) and the number as it should be typed. */
  foreign?: { country: string; e164: string; display: string } | null;
}
