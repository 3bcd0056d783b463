import type { CampaignsMessages } from './en';

export const campaignsVi: CampaignsMessages = {
  'feature.campaigns': 'SMS hàng loạt (gửi = sửa)',
  'entity.campaign': 'SMS hàng loạt',
  'entity.segment': 'Nhóm khách hàng',
};
