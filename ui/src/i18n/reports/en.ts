// Reports (R1) in English, the reference: a domain (../domains.ts) loaded with the reports page.
// A report's column headers and cells come from the box in the language asked for; here are
// the page's own words and each report's name.

export const reportsEn = {
  'reports.name.sms-sent': 'SMS sent and delivered',
  'reports.name.staff-contacts': 'Contacts and visit plans per staff member',
  'reports.group.purpose': 'Purpose',
  'reports.name.photos-ingested': 'Photos ingested',
  'reports.name.disk-growth': 'Disk usage growth',
  'reports.group.campaign': 'Campaign',
  'reports.title': 'Reports',
  'reports.list': 'Reports',
  'reports.from': 'From',
  'reports.to': 'To',
  'reports.group': 'By',
  'reports.group.month': 'Month',
  'reports.group.day': 'Day',
  'reports.group.source': 'Source',
  'reports.group.area': 'Area',
  'reports.group.business_type': 'Business type',
  'reports.group.age_band': 'Age band',
  'reports.print': 'Print',
  'reports.empty': 'Nothing in this range.',
  'reports.range': '{from} – {to}',
  'reports.chart': 'Chart of {report}',
  'reports.none': 'You may not see any report.',
  'entity.report': 'Report',
  'audit.sum.report.export': 'Report exported ({count} rows)',
  'reports.name.new-customers': 'New customers',
};
