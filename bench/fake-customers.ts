// Deterministic fake customers for a studio in China with Vietnamese and foreign clients:
// the same seed always gives the same people, so figures from two runs are comparable.

import { seededRandom, type Rand } from '../firmware/test/helpers/seeded-random.js';

export { seededRandom, type Rand };

export const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
/** Favours the head of the list (lists below are ordered most common first), as real surnames do. */
const pickCommon = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() ** 2 * list.length)]!;
const digits = (rand: Rand, n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

export const ZH_SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'];
const ZH_GIVEN = [
  ...new Set(
    '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁琳晨婷欣怡佳雪梅琴云莲真环璐娅琦晶妍茜秋珊莎锦黛青倩婉露瑶婵雁蓓仪荷丹蓉眉君蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可舒影荔阳妮宝初梵恒鸿桦剑娇纪宽灵玛媚琪晴容睿烁唯威韦雯萱彦雨忠宗曼紫逸贤蝶菡翠志国建文海东亮成立新春光德民福永安振家嘉子思博涵轩泽豪然诗语梓鑫',
  ),
];

export const VI_SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const VI_MIDDLE = ['Thị', 'Văn', 'Ngọc', 'Minh', 'Thanh', 'Quốc', 'Hữu', 'Đức', 'Xuân', 'Thu', 'Kim', 'Hồng', 'Gia', 'Bảo'];
const VI_GIVEN = [
  'Hoa', 'Lan', 'Hùng', 'Dũng', 'Thảo', 'Đức', 'Hương', 'Linh', 'Trang', 'Mai', 'Hà', 'Anh', 'Tuấn', 'Nam', 'Phương', 'Hải', 'Long', 'Quân', 'Huy', 'Thủy',
  'Hạnh', 'Ngân', 'Vy', 'Khoa', 'Sơn', 'Tâm', 'Yến', 'Nhung', 'Hiếu', 'Cường', 'Thắng', 'Trung', 'Thành', 'Phúc', 'Duy', 'Châu', 'Nga', 'Loan', 'Hằng', 'Quang',
];

const LATIN_FIRST = [
  'Anna', 'Maria', 'David', 'John', 'Michael', 'Sarah', 'Emma', 'Lucas', 'Sophie', 'Thomas', 'Julia', 'Daniel', 'Laura', 'Peter', 'Olivia', 'James', 'Elena',
  'Marco', 'Chloé', 'Lena', 'Max', 'Paul', 'Nina', 'Hannah', 'Oliver', 'Isabel', 'Robert', 'Clara', 'Felix', 'Amélie', 'Kevin', 'Jessica', 'Lisa', 'Mark',
];
const LATIN_LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Garcia', 'Martinez', 'Wilson', 'Anderson', 'Taylor', 'Moore', 'Martin', 'Jackson',
  'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Müller', 'Schmidt',
  'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Dubois', 'Lefèvre', 'Moreau', 'Rossi', 'Russo', 'Ferrari', 'Kowalski', 'Novak', 'Jensen',
  'Hansen', "O'Brien", 'Murphy',
];

// Mobile prefixes libphonenumber (max metadata) accepts for every subscriber number.
const CN_MOBILE = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'];
const VN_MOBILE = ['90', '91', '93', '94', '96', '97', '98'];

export interface FakeCustomer {
  kind: 'zh' | 'vi' | 'latin';
  name: string;
  /** The name's parts as typed, e.g. ['Nguyễn', 'Thị', 'Hoa'] or ['王', '秀英']. */
  parts: string[];
  /** As a receptionist would type them, in varied formats. */
  phones: string[];
}

function fakeName(rand: Rand): Pick<FakeCustomer, 'kind' | 'name' | 'parts'> {
  const r = rand();
  if (r < 0.5) {
    const given = Array.from({ length: rand() < 0.7 ? 2 : 1 }, () => pick(rand, ZH_GIVEN)).join('');
    const parts = [pickCommon(rand, ZH_SURNAMES), given];
    return { kind: 'zh', name: parts.join(''), parts };
  }
  if (r < 0.8) {
    const parts = [pickCommon(rand, VI_SURNAMES), pick(rand, VI_MIDDLE), pick(rand, VI_GIVEN)];
    return { kind: 'vi', name: parts.join(' '), parts };
  }
  const parts = [pick(rand, LATIN_FIRST), pick(rand, LATIN_LAST)];
  return { kind: 'latin', name: parts.join(' '), parts };
}

/** One phone, as [unique key, typed form]. Vietnamese numbers in international form so a CN studio accepts them. */
function fakePhone(rand: Rand, kind: FakeCustomer['kind']): [string, string] {
  const r = rand();
  if (r < (kind === 'vi' ? 0.5 : 0.05)) {
    const n = pick(rand, VN_MOBILE) + digits(rand, 7);
    return [`84${n}`, rand() < 0.5 ? `+84 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : `+84${n}`];
  }
  if (r > 0.92) {
    const area = rand() < 0.5 ? '10' : '21';
    const n = pick(rand, ['2', '3', '5', '6']) + digits(rand, 7);
    return [`86${area}${n}`, rand() < 0.5 ? `0${area}-${n}` : `0${area} ${n.slice(0, 4)} ${n.slice(4)}`];
  }
  const n = pick(rand, CN_MOBILE) + digits(rand, 8);
  const formats = [n, `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`, `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`, `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`];
  return [`86${n}`, pick(rand, formats)];
}

/** `count` customers with 1–2 phones each, no phone shared (so the duplicate check passes). */
export function fakeCustomers(count: number, seed: number): FakeCustomer[] {
  const rand = seededRandom(seed);
  const used = new Set<string>();
  return Array.from({ length: count }, () => {
    const person = fakeName(rand);
    const phones: string[] = [];
    const wanted = rand() < 0.7 ? 1 : 2;
    while (phones.length < wanted) {
      const [key, typed] = fakePhone(rand, person.kind);
      if (!used.has(key)) (used.add(key), phones.push(typed));
    }
    return { ...person, phones };
  });
}
