// A statement (F2) as one .xlsx table, in the reader's language: income by category and method,
// expenses by category, net, cash flow per money method, deposits held and discounts by user.
// Amounts are numbers in the currency's major unit (1234.5), so the sheet can add them up.
import type { Language, Statement } from '../api-types.js';
import type { XlsxCell, XlsxColumn } from './xlsx-table.js';

type Words = Record<
  'section' | 'item' | 'method' | 'amount' | 'count' | 'sheet' | 'income' | 'expenses' | 'net' | 'cashFlow' | 'opening' | 'in' | 'out' | 'closing' | 'depositsHeld' | 'discounts' | 'gross' | 'orders' | 'total' | 'period' | 'unknownUser',
  string
>;

export const STATEMENT_WORDS: Record<Language, Words> = {
  'zh-CN': {
    section: '项目', item: '明细', method: '方式', amount: '金额', count: '笔数', sheet: '报表', income: '收入', expenses: '支出', net: '净收入', cashFlow: '现金流',
    opening: '期初', in: '流入', out: '流出', closing: '期末', depositsHeld: '未完成订单定金', discounts: '折扣（按员工）', gross: '折前金额', orders: '订单收款', total: '合计', period: '期间', unknownUser: '（未知）',
  },
  vi: {
    section: 'Mục', item: 'Chi tiết', method: 'Hình thức', amount: 'Số tiền', count: 'Số lượng', sheet: 'Báo cáo', income: 'Thu', expenses: 'Chi', net: 'Thu ròng', cashFlow: 'Dòng tiền',
    opening: 'Đầu kỳ', in: 'Vào', out: 'Ra', closing: 'Cuối kỳ', depositsHeld: 'Tiền cọc đơn chưa xong', discounts: 'Giảm giá theo nhân viên', gross: 'Trước giảm giá', orders: 'Thu từ đơn hàng', total: 'Tổng', period: 'Kỳ', unknownUser: '(không rõ)',
  },
  en: {
    section: 'Section', item: 'Item', method: 'Method', amount: 'Amount', count: 'Count', sheet: 'Statement', income: 'Income', expenses: 'Expenses', net: 'Net', cashFlow: 'Cash flow',
    opening: 'Opening', in: 'In', out: 'Out', closing: 'Closing', depositsHeld: 'Deposits held', discounts: 'Discounts by user', gross: 'Before discounts', orders: 'Orders', total: 'Total', period: 'Period', unknownUser: '(unknown)',
  },
};

export const METHOD_WORDS: Record<Language, Record<string, string>> = {
  'zh-CN': { cash: '现金', card: '银行卡', wechat: '微信支付', alipay: '支付宝', bank: '银行转账', other: '其他', stored_value: '储值卡', points: '积分抵扣' },
  vi: { cash: 'Tiền mặt', card: 'Thẻ ngân hàng', wechat: 'WeChat Pay', alipay: 'Alipay', bank: 'Chuyển khoản', other: 'Khác', stored_value: 'Tiền nạp trong thẻ', points: 'Điểm' },
  en: { cash: 'Cash', card: 'Bank card', wechat: 'WeChat Pay', alipay: 'Alipay', bank: 'Bank transfer', other: 'Other', stored_value: 'Stored value', points: 'Points' },
};

export function statementColumns(lang: Language): XlsxColumn[] {
  const w = STATEMENT_WORDS[lang];
  return [
    { header: w.section, width: 22 },
    { header: w.item, width: 28 },
    { header: w.method, width: 16 },
    { header: w.amount, width: 16 },
    { header: w.count, width: 10 },
  ];
}

/** The statement's rows; `digits` is the currency's minor digits (2 for CNY, 0 for VND). */
export function statementRows(s: Statement, lang: Language, digits: number): XlsxCell[][] {
  const w = STATEMENT_WORDS[lang];
  const m = (method: string) => METHOD_WORDS[lang][method] ?? method;
  const major = (minor: number) => minor / 10 ** digits;
  const rows: XlsxCell[][] = [[w.period, `${s.firstDay} – ${s.lastDay}`, s.currency, null, null]];
  for (const i of s.income) rows.push([w.income, i.categoryId === null ? w.orders : i.categoryName, m(i.method), major(i.amountMinor), null]);
  rows.push([w.income, w.total, null, major(s.incomeMinor), null]);
  for (const e of s.expenses) rows.push([w.expenses, e.categoryName, null, major(e.amountMinor), null]);
  rows.push([w.expenses, w.total, null, major(s.expensesMinor), null]);
  rows.push([w.net, null, null, major(s.netMinor), null]);
  for (const c of s.cashFlow) {
    for (const [k, v] of [['opening', c.openingMinor], ['in', c.inMinor], ['out', c.outMinor], ['closing', c.closingMinor]] as const) rows.push([w.cashFlow, w[k], m(c.method), major(v), null]);
  }
  rows.push([w.depositsHeld, null, null, major(s.depositsHeld.amountMinor), s.depositsHeld.orders]);
  for (const d of s.discounts) rows.push([w.discounts, d.user?.name ?? w.unknownUser, `${w.gross} ${major(d.grossMinor)}`, major(d.discountMinor), d.bills]);
  return rows;
}
