// The workflow's words in the app's catalog (see ./nav-en.ts).
import type { workflowCatalogEn } from './nav-en';

export const workflowCatalogVi: Record<keyof typeof workflowCatalogEn, string> = {
  'nav.workflow': 'Quy trình',
  'feature.workflow': 'Quy trình đơn hàng',
  'entity.workflow': 'Quy trình',
};
