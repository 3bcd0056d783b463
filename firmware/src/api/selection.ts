import type { CustomerRef } from './calls.js';
import type { UserRef } from './core.js';

// Photo selection (O4, issue 19 item 4): the customer chooses the shoot's photos on a tablet.

export const SELECTION_MARKS = ['keep', 'maybe', 'no'] as const;
export type SelectionMark = (typeof SELECTION_MARKS)[number];

export const SELECTION_STATES = ['open', 'finished'] as const;
export type SelectionState = (typeof SELECTION_STATES)[number];

/** One photo of the session: an original of the order folder, with the customer's mark. */
export interface SelectionPhoto {
  /** The stored file (ingest_files.id). */
  fileId: number;
  name: string;
  /** Content hash: the thumbnail key (GET /api/thumbs/:key/:size). */
  key: string;
  /** False when no thumbnail can be made of it (a RAW without preview). */
  thumbnail: boolean;
  width: number | null;
  height: number | null;
  mark: SelectionMark | null;
  /** The retouch wish, '' for none. */
  note: string;
}

/** What the package includes and what an extra costs, copied in when the session opened. */
export interface SelectionPackage {
  /** The package's name (price list or bill), null when staff typed the numbers. */
  name: string | null;
  /** Photos included; null when the package does not count photos. */
  photosIncluded: number | null;
  /** Price of each photo beyond the included ones, minor unit; null when extras are not sold. */
  extraPhotoMinor: number | null;
  currency: string;
}

/** Counts of a selection and what the extras cost (selection-rules.ts). */
export interface SelectionTally {
  total: number;
  keep: number;
  maybe: number;
  no: number;
  unmarked: number;
  /** Kept beyond the included number (0 when the package does not count photos). */
  extra: number;
  /** extra × the extra price; null when extras have no price. */
  extraMinor: number | null;
}

export interface SelectionSession {
  id: number;
  orderId: number;
  orderNo: string;
  orderTitle: string;
  customer: CustomerRef;
  /** "<customer folder>/<order folder>" on the library disk. */
  folder: string;
  state: SelectionState;
  package: SelectionPackage;
  tally: SelectionTally;
  photos: SelectionPhoto[];
  /** The thumbnail sizes the box makes (small for the grid, large for the full-screen view). */
  thumbSizes: number[];
  /** After finishing: the `selected/` folder (relative to the library disk) and the Lightroom filter. */
  selectedDir: string | null;
  lightroom: string | null;
  createdAt: string;
  createdBy: UserRef | null;
  finishedAt: string | null;
  finishedBy: UserRef | null;
}

/** An order folder of the customer's, to choose the shoot from. */
export interface SelectionFolder {
  folder: string;
  originals: number;
}

/** GET /api/orders/:id/selection: the open (or last) session, and what opening one needs. */
export interface SelectionStart {
  orderId: number;
  orderNo: string;
  /** The open session, else the last finished one, else null. */
  session: { id: number; state: SelectionState } | null;
  /** That session in full (as GET /api/selections/:id answers it), so the tablet needs one request. */
  latestSession: SelectionSession | null;
  folders: SelectionFolder[];
  /** The folder proposed: the one named after the order number, else the newest. */
  suggestedFolder: string | null;
  /** The package from the order's bill, null when the order has no bill with a package. */
  package: SelectionPackage | null;
}

/** POST /api/orders/:id/selection: opens a session, or answers the open one (200). */
export interface SelectionOpenInput {
  folder?: string;
  /** A package of the price list, when the order has no bill. */
  priceItemId?: number;
  photosIncluded?: number | null;
  extraPhotoMinor?: number | null;
}

/** PUT /api/selections/:id/photos/:fileId: any of these. */
export interface SelectionMarkInput {
  mark?: SelectionMark | null;
  note?: string;
}

/** POST /api/selections/:id/finish: the answer. */
export interface SelectionFinished {
  session: SelectionSession;
  /** Files written into selected/ now, and those already there with the same bytes. */
  copied: number;
  alreadyThere: number;
}
