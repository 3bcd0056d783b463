// Every report the box has (R1): one line each. The names and their groups are the API's
// (api/reports.ts REPORT_GROUPS); a report listed there and missing here fails to typecheck.
import type { ReportName } from '../api-types.js';
import { newCustomers } from './new-customers.js';
import { diskGrowth } from './disk-growth.js';
import { photosIngested } from './photos-ingested.js';
import { smsSent } from './sms-sent.js';
import { staffContacts } from './staff-contacts.js';
import type { ReportDef } from './report-def.js';
import { ordersStages } from './orders-stages.js';
import { incomeExpenses } from './income-expenses.js';
import { arrears } from './arrears.js';
import { points } from './points.js';
import { staffPerformance } from './staff-performance.js';

export const REPORTS: Record<ReportName, ReportDef> = {
  'new-customers': newCustomers,
  'sms-sent': smsSent,
  'staff-contacts': staffContacts,
  'photos-ingested': photosIngested,
  'disk-growth': diskGrowth,
  'orders-stages': ordersStages,
  'income-expenses': incomeExpenses,
  arrears,
  points,
  'staff-performance': staffPerformance,
};
