// The home page after login (search, today's numbers, quick actions), the first-run wizard's
// steps, the app's own dialogs (a reason for a reversal, a card's dialog reopened from the top
// bar), the phone menu, and phone hints. Spread into ../lang/en.ts.

export const homeEn = {
  'nav.home': 'Home',
  'nav.menu': 'Menu',
  'home.title': 'Today',
  'home.search': 'Find a customer',
  'home.searchHint': 'Name, part of a phone number or customer number.',
  'home.searchButton': 'Search',
  'home.actions': 'Quick actions',
  'home.sendSms': 'Send an SMS',
  'home.unreadSms': 'Unread SMS',
  'home.callsToReturn': 'Calls to return',
  'home.lastCopies': 'Last card copies',
  'home.noCopies': 'No card copied yet.',
  'home.copyLine': '{name}: {outcome}',
  'home.box': 'The box',
  'home.remindersToday': 'Reminders today',
  'home.noReminders': 'Nothing to remind today.',
  'home.seeAll': 'See all',
  'home.diskLine': '{disk}: {state}',
  'home.shoots': 'Shoots today',
  'home.selections': 'Selections',
  'home.pickups': 'Pickups',
  'home.todayOrders': "Today's orders",
  'home.nothingToday': 'Nothing today.',
  'home.overdue': 'overdue',
  'home.takings': 'Takings today',
  'home.takingsClosed': 'Takings today (day closed)',

  'setup.step': 'Step {n} of {total}',
  'setup.stepStudio': 'Your studio',
  'setup.stepRegion': 'Region',
  'setup.next': 'Next',
  'setup.nameRequired': 'Give the studio a name.',
  'setup.usernameRequired': 'Choose a user name.',
  'setup.displayNameRequired': 'Give the name people will see.',

  'dialog.reason': 'Reason',
  'dialog.reasonRequired': 'Say why: the reason is kept in the audit log.',
  'cards.indicator': 'Card inserted',
  'cards.indicatorN': '{n} cards inserted',
  'cards.ejected': 'Safe to remove the card.',

  'phone.foreign': 'Is this a number from {country}? Type it as {intl}.',
  'phone.useForeign': 'Use it',
};

export type HomeMessages = Record<keyof typeof homeEn, string>;
