// The one contract between the daemon and the UI, split by domain; import from here (or from
// ../api-types.js, which re-exports this index). A new domain adds its file and one line below.
export * from './core.js';
export * from './customers.js';
export * from './audit.js';
export * from './system.js';
export * from './host.js';
export * from './sms.js';
export * from './calls.js';
export * from './contacts.js';
export * from './ingest.js';
export * from './orders.js';
export * from './finance.js';
export * from './membership.js';
export * from './simulator.js';
export * from './scrub.js';
export * from './stages.js';
export * from './imports.js';
export * from './reminders.js';
export * from './till.js';
export * from './books.js';
export * from './care.js';
export * from './mirror.js';
export * from './mail.js';
export * from './workflow.js';
export * from './followups.js';
export * from './mail-campaigns.js';
export * from './campaigns.js';
