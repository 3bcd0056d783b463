// Group SMS (S3) and send records (S5), issue 15: the Campaigns page's words and the rights
// grid's and audit log's names. A domain (../domains.ts): fetched with the pages that name it.

export const campaignsEn = {
  'feature.campaigns': 'Group SMS (send = edit)',
  'entity.campaign': 'Group SMS',
  'entity.segment': 'Customer segment',
};

export type CampaignsMessages = Record<keyof typeof campaignsEn, string>;
