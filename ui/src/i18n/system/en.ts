// The status page's and the audit log's own words (H6, A1): what a disk, the modem or the card
// slot reports, said from the API's machine codes instead of the daemon's English; the audit
// log's lines told from their recorded details. Spread into ../lang/en.ts.

export const systemEn = {
  'landline.problem': 'The landline modem does not answer.',
  'db.problem': 'The database reports a problem.',

  'auditAction.earn': 'Points added',
  'auditAction.deduct': 'Points deducted',
  'audit.sum.customer.create': 'Customer {name} created',
  'audit.sum.customer.update': 'Customer {no} {name} changed',
  'audit.sum.customer.delete': 'Customer {no} {name} deleted',
  'audit.sum.contact.create': 'Contact record added ({channel})',
  'audit.sum.user.create': 'User {username} created',
  'audit.sum.user.update': 'User changed',
  'audit.sum.user.delete': 'User {username} deleted',
  'audit.sum.group.create': 'Group {name} created',
  'audit.sum.group.update': 'Group {name} changed',
  'audit.sum.group.delete': 'Group {name} deleted',
  'audit.sum.sms.create': 'SMS to {to} queued',
  'audit.sum.sms.resend': 'SMS sent again',
  'audit.sum.sms.cancel': 'SMS cancelled',
  'audit.sum.order.create': 'Order {orderNo} “{title}” created',
  'audit.sum.order.update': 'Order changed',
  'audit.sum.order.state': 'Order: {from} → {to}',
  'audit.sum.payment.create': 'Payment on order {orderNo}: {amount}',
  'audit.sum.payment.reverse': 'Payment on order {orderNo} reversed: {reason}',
  'audit.sum.member_card_type.create': 'Card type {name} created',
  'audit.sum.member_card_type.update': 'Card type changed',
  'audit.sum.member_card.create': 'Member card {cardNo} issued',
  'audit.sum.member_card.close': 'Member card {cardNo} closed',
  'audit.sum.points.earn': '{points} points added to card {cardNo}: {reason}',
  'audit.sum.points.deduct': '{points} points deducted from card {cardNo}: {reason}',
  'audit.sum.points.reverse': 'Points on card {cardNo} reversed: {reason}',
  'audit.sum.ingest_job.create': 'Card copied for customer {customerId}',
  'audit.sum.photo.create': 'Photo {name} imported',
  'audit.sum.call.update': 'Called back',
  'audit.sum.settings.create': 'Studio settings set',
  'audit.sum.settings.update': 'Studio settings changed',
  'audit.sum.settings.setup': 'First-run setup',
  'audit.sum.session.login': 'Logged in',
  'audit.sum.session.logout': 'Logged out',
  'audit.sum.session.login_failed': 'Failed login for “{username}”',
};

export type SystemMessages = Record<keyof typeof systemEn, string>;
