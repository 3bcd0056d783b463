// Pinyin search (issue 10 item 8): a Chinese name is found by its pinyin typed on a Latin
// keyboard, whole or as initials, with polyphonic surnames read as surnames. The pinyin is in
// the search index from creation and rename on, and an index written before it is rebuilt.
import { describe, expect, it } from 'vitest';
import { searchStatement } from '../../src/crm/customer-service.js';
import { pinyinForms } from '../../src/crm/pinyin.js';
import { customerSearchText, SEARCH_TEXT_VERSION } from '../../src/crm/search-text.js';
import { customerService } from '../helpers/customer-service.js';

describe('pinyinForms', () => {
  it.each([
    ['张伟', 'zhangwei', 'zw'],
    ['王小明', 'wangxiaoming', 'wxm'],
    // Polyphonic characters read as surnames at the head of the name.
    ['单小明', 'shanxiaoming', 'sxm'], // not dan
    ['曾国藩', 'zengguofan', 'zgf'], // not ceng
    ['解晓东', 'xiexiaodong', 'xxd'], // not jie
    ['仇大伟', 'qiudawei', 'qdw'], // not chou
    ['朴树', 'piaoshu', 'ps'], // not pu
    ['区小华', 'ouxiaohua', 'oxh'], // not qu
    ['欧阳娜娜', 'ouyangnana', 'oynn'], // two-character surname
  ])('%s -> %s, %s', (name, full, initials) => {
    expect(pinyinForms(name)).toMatchObject({ full, fullV: null, initials });
  });

  it('keeps ü and also gives it as v, as input methods type it', () => {
    expect(pinyinForms('吕小明')).toEqual({ syllables: ['lü', 'xiao', 'ming'], full: 'lüxiaoming', fullV: 'lvxiaoming', initials: 'lxm' });
  });

  it('reads a surname as a surname only at the head of the name', () => {
    // 单 as a given name is Dan; as the first character it is the surname Shan.
    expect(pinyinForms('单单')?.full).toMatch(/^shan/);
    expect(pinyinForms('王单')?.full).not.toBe('wangshan');
  });

  it('takes only the Chinese characters of a mixed name, and nothing from a name without any', () => {
    expect(pinyinForms('Anna 张')).toEqual({ syllables: ['zhang'], full: 'zhang', fullV: null, initials: 'z' });
    expect(pinyinForms('李 明')).toEqual({ syllables: ['li', 'ming'], full: 'liming', fullV: null, initials: 'lm' });
    expect(pinyinForms('Nguyễn Thị Hoa')).toBeNull();
    expect(pinyinForms('')).toBeNull();
  });

  it('the index text of a name without Chinese characters is what it was before pinyin', () => {
    expect(customerSearchText('Anna Smith', [])).not.toMatch(/\u0001 .*\u0001 /); // name and short pieces only
  });
});

describe('pinyin search', () => {
  const names = (found: { name: string }[]) => found.map((c) => c.name);

  it('finds 张伟 by zhang, zhangwei, its initials zw, in any case, and by a part of the pinyin', () => {
    const { db, customers, actor } = customerService();
    customers.create(actor, { name: '张伟' });
    customers.create(actor, { name: '王芳' });
    customers.create(actor, { name: 'Anna Smith' });
    for (const q of ['zhang', 'zhangwei', 'zw', 'ZW', 'Zhang', 'ZhangWei', 'angwe', 'wei', 'z']) {
      expect(names(customers.search(q, 10).items), q).toContain('张伟');
    }
    expect(names(customers.search('zw', 10).items)).toEqual(['张伟']);
    expect(names(customers.search('wf', 10).items)).toEqual(['王芳']);
    expect(names(customers.search('zhangwei', 10).items)).toEqual(['张伟']);
    // By one or two letters: the start of a syllable or initials, not any letter pair inside.
    expect(names(customers.search('zh', 10).items)).toEqual(['张伟']);
    expect(names(customers.search('we', 10).items)).toEqual(['张伟']);
    expect(customers.search('an', 10).items.map((c) => c.name)).toEqual(['Anna Smith']);
    // Chinese characters and other names are found as before.
    expect(names(customers.search('张', 10).items)).toEqual(['张伟']);
    expect(names(customers.search('smith', 10).items)).toEqual(['Anna Smith']);
    expect(customers.search('zhangfang', 10).items).toEqual([]);
    db.close();
  });

  it('finds polyphonic surnames by their surname reading', () => {
    const { db, customers, actor } = customerService();
    for (const n of ['单小明', '曾国藩', '解晓东']) customers.create(actor, { name: n });
    expect(names(customers.search('shan', 10).items)).toEqual(['单小明']);
    expect(names(customers.search('sxm', 10).items)).toEqual(['单小明']);
    expect(names(customers.search('zeng', 10).items)).toEqual(['曾国藩']);
    expect(names(customers.search('zgf', 10).items)).toEqual(['曾国藩']);
    expect(names(customers.search('xiexiao', 10).items)).toEqual(['解晓东']);
    expect(names(customers.search('xxd', 10).items)).toEqual(['解晓东']);
    db.close();
  });

  it('finds ü typed as v or as u', () => {
    const { db, customers, actor } = customerService();
    customers.create(actor, { name: '吕小明' });
    for (const q of ['lv', 'lu', 'l', 'lvxiao', 'luxiaoming', 'lxm']) expect(names(customers.search(q, 10).items), q).toEqual(['吕小明']);
    db.close();
  });

  it('follows a rename: the old pinyin no longer finds the customer, the new one does', () => {
    const { db, customers, actor } = customerService();
    const c = customers.create(actor, { name: '张伟', phones: [{ number: '13812345678' }] });
    customers.update(actor, c.id, { name: '李娜' });
    expect(customers.search('zhang', 10).items).toEqual([]);
    expect(customers.search('zw', 10).items).toEqual([]);
    expect(names(customers.search('lina', 10).items)).toEqual(['李娜']);
    expect(names(customers.search('ln', 10).items)).toEqual(['李娜']);
    // A change that is not a rename keeps the pinyin (the index is rewritten from the name).
    customers.update(actor, c.id, { notes: 'VIP' });
    expect(names(customers.search('lina', 10).items)).toEqual(['李娜']);
    expect(names(customers.search('5678', 10).items)).toEqual(['李娜']);
    db.close();
  });

  it('gives customers indexed before pinyin their pinyin when the box starts (the index is rebuilt)', () => {
    const { db, customers, actor } = customerService();
    const c = customers.create(actor, { name: '张伟', phones: [{ number: '13812345678' }] });
    expect(customers.ensureSearchIndex()).toBe(1);
    // The index as the previous version wrote it: name, phone digits, short pieces; no pinyin.
    db.prepare('UPDATE customer_search SET text = ? WHERE rowid = ?').run('张伟 \u0001 8613812345678 \u0001 13812345678 \u0001 \u0002张\u0002张伟\u0002伟\u0002', c.id);
    db.prepare(`UPDATE settings SET value = ? WHERE key = 'customer_search_version'`).run(String(SEARCH_TEXT_VERSION - 1));
    expect(customers.search('zhang', 10).items).toEqual([]);
    expect(customers.ensureSearchIndex()).toBe(1);
    expect(names(customers.search('zhang', 10).items)).toEqual(['张伟']);
    expect(names(customers.search('zw', 10).items)).toEqual(['张伟']);
    expect(customers.ensureSearchIndex()).toBe(0); // once only
    db.close();
  });

  it('answers pinyin queries from the index (an FTS5 MATCH), never by scanning', () => {
    const { db } = customerService();
    for (const q of ['zw', 'z', 'zhang', 'zhangwei', 'lv']) {
      const { sql, args } = searchStatement(q, 51, 0);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
      // ":M1" is FTS5's plan for a MATCH on the first column; a LIKE scan has no M.
      expect(plan, q).toEqual([expect.stringMatching(/^SCAN customer_search VIRTUAL TABLE INDEX \d+:M1$/)]);
    }
    db.close();
  });
});
