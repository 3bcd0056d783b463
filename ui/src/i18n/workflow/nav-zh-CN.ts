// The workflow's words in the app's catalog (see ./nav-en.ts).
import type { workflowCatalogEn } from './nav-en';

export const workflowCatalogZh: Record<keyof typeof workflowCatalogEn, string> = {
  'nav.workflow': '流程',
  'feature.workflow': '订单流程',
  'entity.workflow': '流程',
};
