import type { CampaignsMessages } from './en';

export const campaignsZhCN: CampaignsMessages = {
  'feature.campaigns': '群发短信（发送 = 修改）',
  'entity.campaign': '群发短信',
  'entity.segment': '客户分组',
};
