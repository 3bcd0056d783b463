// The rest of the customer file (C3): visit plans, feedback and complaints, referrals. Contact
// records are in ./contacts.ts. Rights: visit plans and feedback go with contact records
// (`contacts` view / add / edit); who referred whom is part of the customer (`customers`).
import type { ContactChannel, ContactRecord } from './contacts.js';
import type { UserRef } from './core.js';

export const VISIT_PLAN_STATES = ['open', 'done', 'cancelled'] as const;
export type VisitPlanState = (typeof VISIT_PLAN_STATES)[number];

/** A planned follow-up: who (staff) gets in touch with whom (customer), by when, and why. */
export interface VisitPlan {
  id: number;
  customerId: number;
  customerNo: string;
  customerName: string;
  /** The studio's day it is due, YYYY-MM-DD. */
  dueDate: string;
  staff: UserRef;
  purpose: string;
  state: VisitPlanState;
  /** Open and due before the studio's today. */
  overdue: boolean;
  /** When it was done or cancelled (UTC ISO), and by whom. */
  closedAt: string | null;
  closedBy: UserRef | null;
  /** The contact record written when it was done. */
  contactId: number | null;
  /** Why it was cancelled. */
  cancelReason: string;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

/** POST /api/customers/:id/visit-plans */
export interface VisitPlanInput {
  dueDate: string;
  staffId: number;
  /** 1–500 characters. */
  purpose: string;
}

/** PATCH /api/visit-plans/:id (open plans only): move it, give it to someone else, reword it. */
export type VisitPlanPatch = Partial<VisitPlanInput>;

/** POST /api/visit-plans/:id/complete: the contact it became (written as a contact record). */
export interface VisitPlanCompletion {
  channel: ContactChannel;
  note: string;
  at?: string;
}

/** POST /api/visit-plans/:id/complete answers the plan and the record written. */
export interface VisitPlanDone {
  plan: VisitPlan;
  contact: ContactRecord;
}

/** GET /api/visit-plans?staffId=&days= — open plans due by today + days, oldest first. */
export interface VisitPlanList {
  /** The studio's today, YYYY-MM-DD. */
  today: string;
  items: VisitPlan[];
  overdue: number;
}

/** GET /api/visit-plans/mine: the signed-in user's open plans due today or earlier. */
export interface VisitPlanCount {
  today: string;
  due: number;
  overdue: number;
}

export const FEEDBACK_KINDS = ['feedback', 'complaint'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_STATES = ['open', 'resolved'] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

/** A customer's satisfaction (1–5) with an order or a visit, or a complaint to be resolved. */
export interface Feedback {
  id: number;
  customerId: number;
  customerNo: string;
  customerName: string;
  orderId: number | null;
  orderNo: string | null;
  visitPlanId: number | null;
  kind: FeedbackKind;
  score: number;
  comment: string;
  /** Feedback is resolved from the start; a complaint is open until its resolution is written. */
  state: FeedbackState;
  resolution: string;
  /** When the customer said it (UTC ISO). */
  at: string;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

/** POST /api/customers/:id/feedback */
export interface FeedbackInput {
  kind: FeedbackKind;
  /** 1–5 */
  score: number;
  comment?: string;
  /** One of this customer's orders, or a visit plan of theirs, or neither. */
  orderId?: number | null;
  visitPlanId?: number | null;
  at?: string;
}

/** PATCH /api/feedback/:id: resolve a complaint (or reopen it). */
export interface FeedbackPatch {
  state: FeedbackState;
  resolution?: string;
}

/** A list of feedback with its figures: GET /api/feedback, GET /api/customers/:id/feedback. */
export interface FeedbackList {
  items: Feedback[];
  /** Over every row the filter matches (not only the page). */
  count: number;
  /** Mean score to two decimals, null when there is none. */
  average: number | null;
  /** How many of each score, 1 to 5. */
  byScore: [number, number, number, number, number];
  openComplaints: number;
}

/** A customer as a referral shows them. */
export interface ReferralCustomer {
  id: number;
  customerNo: string;
  name: string;
}

/** GET /api/customers/:id/referrals: who brought this customer, and whom they brought. */
export interface Referrals {
  referrer: ReferralCustomer | null;
  referred: (ReferralCustomer & { since: string })[];
}

/** PUT /api/customers/:id/referrer */
export interface ReferrerInput {
  referrerId: number | null;
}

/** GET /api/referrals/top: customers by how many they brought. */
export interface ReferrerCount extends ReferralCustomer {
  count: number;
}
