// Reports (R1) in Vietnamese: a domain (../domains.ts) loaded with the reports page.

export const reportsVi = {
  'reports.title': 'Báo cáo',
  'reports.list': 'Báo cáo',
  'reports.from': 'Từ ngày',
  'reports.to': 'Đến ngày',
  'reports.group': 'Theo',
  'reports.group.month': 'Tháng',
  'reports.group.day': 'Ngày',
  'reports.group.source': 'Nguồn',
  'reports.group.area': 'Khu vực',
  'reports.group.business_type': 'Loại dịch vụ',
  'reports.group.age_band': 'Độ tuổi',
  'reports.print': 'In',
  'reports.empty': 'Không có dữ liệu trong khoảng này.',
  'reports.range': '{from} – {to}',
  'reports.chart': 'Biểu đồ {report}',
  'reports.none': 'Bạn không được xem báo cáo nào.',
  'entity.report': 'Báo cáo',
  'audit.sum.report.export': 'Đã xuất báo cáo ({count} dòng)',
  'reports.name.new-customers': 'Khách mới',
};
