import type { Migration } from '../migrate.js';
import { foundation } from './001-foundation.js';
import { sms } from './002-sms.js';
import { ingest } from './003-ingest.js';
import { calls } from './004-calls.js';
import { contacts } from './005-contacts.js';
import { orders } from './006-orders.js';
import { payments } from './007-payments.js';
import { membership } from './008-membership.js';
import { scrub } from './009-scrub.js';
import { loginFailures } from './010-login-failures.js';
import { priceList } from './011-price-list.js';
import { careSms } from './012-care-sms.js';
import { reminders } from './013-reminders.js';
import { mirror } from './014-mirror.js';
import { bills } from './015-bills.js';
import { modemRestarts } from './016-modem-restarts.js';
import { storedValue } from './017-stored-value.js';
import { dayClosings } from './018-day-closings.js';
import { reminderIndexes } from './019-reminder-indexes.js';
import { cashBook } from './020-cash-book.js';
import { customerEmail } from './021-customer-email.js';
import { followups } from './022-followups.js';
import { mailCampaigns } from './023-mail-campaigns.js';
import { workflow } from './024-workflow.js';
import { orderPaid } from './025-order-paid.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: readonly Migration[] = [foundation, sms, ingest, calls, contacts, orders, payments, membership, scrub, loginFailures, priceList, careSms, reminders, mirror, bills, modemRestarts, storedValue, dayClosings, reminderIndexes, cashBook, customerEmail, followups, mailCampaigns, workflow, orderPaid];
