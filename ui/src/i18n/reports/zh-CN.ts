// Reports (R1) in Simplified Chinese: a domain (../domains.ts) loaded with the reports page.

export const reportsZhCN = {
  'reports.title': '报表',
  'reports.list': '报表',
  'reports.from': '开始日期',
  'reports.to': '结束日期',
  'reports.group': '分组',
  'reports.group.month': '按月',
  'reports.group.day': '按日',
  'reports.group.source': '来源',
  'reports.group.area': '地区',
  'reports.group.business_type': '业务类型',
  'reports.group.age_band': '年龄段',
  'reports.print': '打印',
  'reports.empty': '该期间没有数据。',
  'reports.range': '{from} 至 {to}',
  'reports.chart': '{report}图表',
  'reports.none': '您没有可查看的报表。',
  'entity.report': '报表',
  'audit.sum.report.export': '导出了报表（{count} 行）',
  'reports.name.new-customers': '新客户',
};
