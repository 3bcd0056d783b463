// Words every report uses, in the three languages (the .xlsx headers and the table's cells).
import type { Language } from '../api-types.js';

export const COMMON_WORDS: Record<Language, { total: string; notGiven: string; month: string; day: string; count: string; sheet: string }> = {
  'zh-CN': { total: '合计', notGiven: '（未填写）', month: '月份', day: '日期', count: '数量', sheet: '报表' },
  vi: { total: 'Tổng', notGiven: '(chưa ghi)', month: 'Tháng', day: 'Ngày', count: 'Số lượng', sheet: 'Báo cáo' },
  en: { total: 'Total', notGiven: '(not given)', month: 'Month', day: 'Day', count: 'Count', sheet: 'Report' },
};
