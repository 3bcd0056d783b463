// The words people use in spreadsheets for the customer's fields and their values, in the
// box's three languages. Import reads them (header guessing, "女", "Đã đặt, chưa chụp"); export
// writes the first word of each list, which are the UI's own labels (ui/src/i18n/lang/*.ts),
// so an exported file imports again unchanged. Pure data, no I/O.
import type { BusinessType, Gender, ImportField, Language, Stage } from '../api-types.js';

/** Column headers per field. The first word of each language is the label export writes. */
export const FIELD_HEADERS: Record<ImportField, Record<Language, string[]>> = {
  name: {
    'zh-CN': ['姓名', '客户姓名', '顾客姓名', '名字', '客户名称', '客户名', '客户', '联系人'],
    vi: ['Họ tên', 'Họ và tên', 'Tên', 'Tên khách hàng', 'Tên khách', 'Khách hàng'],
    en: ['Name', 'Full name', 'Customer name', 'Customer', 'Client', 'Contact name'],
  },
  phone: {
    'zh-CN': ['电话', '手机', '手机号', '手机号码', '联系电话', '电话号码', '移动电话', '联系方式', '固话', '座机'],
    vi: ['Điện thoại', 'Số điện thoại', 'SĐT', 'Di động', 'Số di động', 'ĐT'],
    en: ['Phone', 'Phones', 'Mobile', 'Telephone', 'Tel', 'Cell', 'Phone number', 'Mobile phone', 'Contact number'],
  },
  email: {
    'zh-CN': ['电子邮箱', '邮箱', '电子邮件', '邮件', '邮箱地址', '电子邮件地址', 'Email'],
    vi: ['Email', 'Thư điện tử', 'Địa chỉ email', 'Hộp thư', 'E-mail'],
    en: ['E-mail', 'Email', 'E-mail address', 'Email address', 'Mail'],
  },
  gender: { 'zh-CN': ['性别'], vi: ['Giới tính'], en: ['Gender', 'Sex'] },
  birthday: {
    'zh-CN': ['生日', '出生日期', '出生年月日', '客户生日'],
    vi: ['Ngày sinh', 'Sinh nhật'],
    en: ['Birthday', 'Date of birth', 'Birth date', 'DOB'],
  },
  address: { 'zh-CN': ['地址', '住址', '联系地址', '家庭地址', '详细地址'], vi: ['Địa chỉ'], en: ['Address', 'Street address'] },
  area: { 'zh-CN': ['区域', '地区', '片区', '所在地区', '区县', '城区'], vi: ['Khu vực', 'Quận', 'Quận huyện'], en: ['Area', 'District', 'Region'] },
  occupation: { 'zh-CN': ['职业', '工作', '工作单位'], vi: ['Nghề nghiệp', 'Công việc'], en: ['Occupation', 'Job', 'Profession'] },
  source: { 'zh-CN': ['来源', '客户来源', '渠道', '来源渠道'], vi: ['Nguồn', 'Nguồn khách', 'Kênh'], en: ['Source', 'Channel', 'Lead source'] },
  businessType: {
    'zh-CN': ['业务类型', '业务', '客户类型', '类型', '消费类型'],
    vi: ['Loại dịch vụ', 'Loại khách', 'Dịch vụ'],
    en: ['Business type', 'Business', 'Service type', 'Type'],
  },
  babyBirthDate: {
    'zh-CN': ['宝宝出生日期', '宝宝生日', '婴儿生日', '小孩生日', '孩子生日', '宝宝出生'],
    vi: ['Ngày sinh của bé', 'Ngày sinh bé', 'Sinh nhật bé'],
    en: ['Baby’s birth date', "Baby's birth date", 'Baby birth date', 'Baby birthday', 'Baby DOB', 'Child birthday'],
  },
  weddingDate: { 'zh-CN': ['结婚日期', '婚期', '婚礼日期', '结婚纪念日'], vi: ['Ngày cưới'], en: ['Wedding date', 'Wedding day', 'Wedding'] },
  notes: { 'zh-CN': ['备注', '说明', '备注信息'], vi: ['Ghi chú'], en: ['Notes', 'Note', 'Remarks', 'Comment', 'Comments'] },
  tags: { 'zh-CN': ['标签'], vi: ['Nhãn'], en: ['Tags', 'Tag', 'Labels'] },
  stage: {
    'zh-CN': ['阶段', '客户阶段', '客户状态', '状态', '分类'],
    vi: ['Giai đoạn', 'Trạng thái'],
    en: ['Stage', 'Status'],
  },
  stageAddedAt: {
    'zh-CN': ['进入此阶段时间', '添加时间', '加入时间', '阶段开始时间'],
    vi: ['Vào giai đoạn này từ', 'Ngày thêm', 'Thời gian thêm'],
    en: ['In this stage since', 'Added', 'Added at', 'Stage added'],
  },
  stageDueAt: {
    'zh-CN': ['阶段到期', '到期时间', '到期', '预约时间', '到期日期'],
    vi: ['Hạn của giai đoạn', 'Hạn', 'Thời hạn', 'Ngày hẹn'],
    en: ['Stage due', 'Due', 'Due at', 'Due date', 'Due time'],
  },
};

/** Values of the enum fields: the first word per language is the UI's label. */
export const STAGE_WORDS: Record<Stage, Record<Language, string[]>> = {
  lead: {
    'zh-CN': ['意向客户（未下单）', '意向客户', '意向', '潜在客户', '潜在', '未下单', '线索'],
    vi: ['Tiềm năng (chưa đặt)', 'Tiềm năng', 'Khách tiềm năng', 'Chưa đặt'],
    en: ['Lead (not yet ordered)', 'Lead', 'Prospect'],
  },
  ordered: {
    'zh-CN': ['已下单，未拍摄', '已下单未拍摄', '已订未拍', '未拍摄', '已下单', '已订单'],
    vi: ['Đã đặt, chưa chụp', 'Đã đặt', 'Chưa chụp'],
    en: ['Ordered, not shot', 'Ordered'],
  },
  shot: {
    'zh-CN': ['已拍摄，未选片', '已拍摄未选片', '已拍未选', '未选片', '已拍摄'],
    vi: ['Đã chụp, chưa chọn ảnh', 'Đã chụp', 'Chưa chọn ảnh'],
    en: ['Shot, not selected', 'Shot'],
  },
  selected: {
    'zh-CN': ['已选片，未取件', '已选片未取件', '已选未取', '未取件', '已选片'],
    vi: ['Đã chọn ảnh, chưa giao', 'Đã chọn ảnh', 'Chưa giao'],
    en: ['Selected, not delivered', 'Selected'],
  },
  history: {
    'zh-CN': ['历史客户', '历史', '已取件', '已完成', '完成'],
    vi: ['Đã hoàn tất', 'Hoàn tất', 'Lịch sử', 'Đã giao'],
    en: ['History', 'Done', 'Delivered', 'Past'],
  },
};

export const GENDER_WORDS: Record<Gender, Record<Language, string[]>> = {
  female: { 'zh-CN': ['女', '女士', '女性'], vi: ['Nữ', 'Chị', 'Bà'], en: ['Female', 'F', 'Woman', 'W'] },
  male: { 'zh-CN': ['男', '先生', '男性'], vi: ['Nam', 'Anh', 'Ông'], en: ['Male', 'M', 'Man'] },
  other: { 'zh-CN': ['其他'], vi: ['Khác'], en: ['Other'] },
};

export const BUSINESS_WORDS: Record<BusinessType, Record<Language, string[]>> = {
  wedding: { 'zh-CN': ['婚纱', '婚纱摄影', '婚纱照', '婚礼', '婚庆'], vi: ['Ảnh cưới', 'Cưới', 'Chụp cưới'], en: ['Wedding'] },
  children: { 'zh-CN': ['儿童', '儿童摄影', '儿童照', '宝宝', '亲子'], vi: ['Trẻ em', 'Em bé', 'Bé'], en: ['Children', 'Child', 'Kids', 'Baby'] },
  portrait: { 'zh-CN': ['写真', '艺术照', '肖像', '个人写真'], vi: ['Chân dung', 'Ảnh chân dung'], en: ['Portrait', 'Portraits'] },
  individual: { 'zh-CN': ['个人', '散客'], vi: ['Cá nhân'], en: ['Individual', 'Personal'] },
};

/** The label export writes for a field, a stage, a gender, a business type. */
export const fieldLabel = (f: ImportField, lang: Language): string => FIELD_HEADERS[f][lang][0]!;
export const wordFor = <K extends string>(table: Record<K, Record<Language, string[]>>, value: K, lang: Language): string => table[value][lang][0]!;
