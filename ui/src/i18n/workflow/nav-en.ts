// The few words of the workflow the app's catalog needs before the board is opened (the top bar,
// the rights, the audit log): spread into ../lang/en.ts. The board's own words are ./en.ts.

export const workflowCatalogEn = {
  'nav.workflow': 'Workflow',
  'feature.workflow': 'Order workflow',
  'entity.workflow': 'Workflow',
};
