// The import's result as a spreadsheet a person can keep: one line per rejected row (why, in
// their language) and per imported row (its new customer number). Written as a stream.
import type { Writable } from 'node:stream';
import type { ImportProblem, ImportProblemCode, ImportRowProblems, Language } from '../../api-types.js';
import { fieldLabel } from '../field-words.js';
import { writeXlsxTable } from '../../export/xlsx-table.js';

const WORDS: Record<Language, Record<'row' | 'result' | 'customerNo' | 'name' | 'problems' | 'imported' | 'rejected' | 'skipped' | 'wouldImport' | 'sheet', string>> = {
  'zh-CN': { row: '行号', result: '结果', customerNo: '客户编号', name: '姓名', problems: '问题', imported: '已导入', rejected: '被拒绝', skipped: '已跳过（有问题）', wouldImport: '可以导入', sheet: '导入结果' },
  vi: { row: 'Dòng', result: 'Kết quả', customerNo: 'Mã khách hàng', name: 'Họ tên', problems: 'Vấn đề', imported: 'Đã nhập', rejected: 'Bị từ chối', skipped: 'Đã bỏ qua (có lỗi)', wouldImport: 'Có thể nhập', sheet: 'Kết quả nhập' },
  en: { row: 'Row', result: 'Result', customerNo: 'Customer no.', name: 'Name', problems: 'Problems', imported: 'Imported', rejected: 'Rejected', skipped: 'Skipped (has problems)', wouldImport: 'Can be imported', sheet: 'Import result' },
};

const PROBLEMS: Record<Language, Record<ImportProblemCode, string>> = {
  'zh-CN': {
    missing_name: '缺少姓名',
    bad_phone: '电话号码无效',
    too_many_phones: '电话号码太多',
    duplicate_existing: '与已有客户电话重复',
    duplicate_in_file: '与文件中另一行电话重复',
    bad_date: '日期无效',
    bad_email: '电子邮箱地址无效',
    bad_value: '无法识别的值',
    too_long: '内容太长',
  },
  vi: {
    missing_name: 'Thiếu họ tên',
    bad_phone: 'Số điện thoại không hợp lệ',
    too_many_phones: 'Quá nhiều số điện thoại',
    duplicate_existing: 'Trùng số điện thoại với khách hàng đã có',
    duplicate_in_file: 'Trùng số điện thoại với dòng khác trong tệp',
    bad_date: 'Ngày không hợp lệ',
    bad_email: 'Địa chỉ email không hợp lệ',
    bad_value: 'Giá trị không nhận ra',
    too_long: 'Quá dài',
  },
  en: {
    missing_name: 'Name missing',
    bad_phone: 'Not a valid phone number',
    too_many_phones: 'Too many phone numbers',
    duplicate_existing: 'Phone already belongs to a customer',
    duplicate_in_file: 'Same phone as another row of the file',
    bad_date: 'Not a valid date',
    bad_email: 'Not a valid e-mail address',
    bad_value: 'Value not recognised',
    too_long: 'Too long',
  },
};

const ROW_WORDS: Record<Language, (n: number) => string> = { 'zh-CN': (n) => `第 ${n} 行`, vi: (n) => `dòng ${n}`, en: (n) => `row ${n}` };

/** One problem in the reader's language: "电话: 与文件中另一行电话重复 (13812345678; 第 4 行)". */
export function problemText(p: ImportProblem, lang: Language): string {
  const extra = [p.value, p.otherRow !== undefined ? ROW_WORDS[lang](p.otherRow) : null, p.customer ? `${p.customer.customerNo} ${p.customer.name}` : null].filter(Boolean);
  return `${fieldLabel(p.field, lang)}: ${PROBLEMS[lang][p.code]}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

export interface ReportLine {
  row: number;
  name: string;
  outcome: 'imported' | 'rejected' | 'skipped' | 'wouldImport';
  customerNo: string;
  problems: ImportProblem[];
}

/** Writes the report as .xlsx to `out` (the HTTP response); resolves when it is all written. */
export async function writeReport(out: Writable, lines: Iterable<ReportLine>, lang: Language): Promise<void> {
  const w = WORDS[lang];
  const columns = [
    { header: w.row, width: 8 },
    { header: w.result, width: 18 },
    { header: w.customerNo, width: 14 },
    { header: w.name, width: 24 },
    { header: w.problems, width: 80 },
  ];
  const rows = function* () {
    for (const l of lines) yield [l.row, w[l.outcome], l.customerNo, l.name, l.problems.map((p) => problemText(p, lang)).join('\n')];
  };
  await writeXlsxTable(out, w.sheet, columns, rows());
}

/** Report lines from a check's rejected rows and the imported rows' numbers, in row order. */
export function* reportLines(rejected: ImportRowProblems[], accepted: { row: number; name: string; customerNo: string }[], skipped: boolean, imported: boolean): Generator<ReportLine> {
  let i = 0;
  let j = 0;
  while (i < rejected.length || j < accepted.length) {
    const r = rejected[i];
    const a = accepted[j];
    if (r && (!a || r.row < a.row)) {
      yield { row: r.row, name: r.name, outcome: skipped ? 'skipped' : 'rejected', customerNo: '', problems: r.problems };
      i++;
    } else if (a) {
      yield { row: a.row, name: a.name, outcome: imported ? 'imported' : 'wouldImport', customerNo: a.customerNo, problems: [] };
      j++;
    }
  }
}
