// Group SMS (S3) and send records (S5), issue 15: the names the shell needs (the menu, the
// rights grid, the audit log). The Campaigns page's own words: ./page-en.ts (its lazy chunk).
// Spread into ../lang/en.ts.

export const campaignsEn = {
  'nav.campaigns': 'Group SMS',
  'feature.campaigns': 'Group SMS (send = edit)',
  'entity.campaign': 'Group SMS',
  'entity.segment': 'Customer segment',
};

export type CampaignsMessages = Record<keyof typeof campaignsEn, string>;
