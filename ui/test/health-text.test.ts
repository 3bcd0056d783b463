// The status page's and the audit log's sentences from machine codes and recorded details
// (ui/src/i18n/health-text.ts, audit-summary.ts): every reason and kind has its sentence, the
// daemon's own line is kept only as technical detail, and an audit line is told in Chinese
// from its details, or not at all rather than half.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, DiskDownReason } from '../../firmware/src/api-types';
import { loadDomains, loadLanguage, setLanguage } from '../src/i18n/catalog';
import { auditParams, auditSummary } from '../src/i18n/audit-summary';
import { cardKindLabel, cardSlotSentence, diskProblemKey, modemKindLabel, modemSentence, modemTechnical } from '../src/i18n/health-text';
import en from '../src/i18n/lang/en';
import zhCN from '../src/i18n/lang/zh-CN';

/** Every reason of the contract (a Record over the type: a new reason without a sentence shows here). */
const REASONS: Record<DiskDownReason, true> = { 'not-connected': true, 'not-mounted': true, 'read-only': true, ambiguous: true, error: true };
const DISK_DOWN_REASONS = Object.keys(REASONS) as DiskDownReason[];

beforeAll(async () => {
  // setLanguage marks <html lang>: a stand-in document for node.
  (globalThis as { document?: unknown }).document ??= { documentElement: {} };
  await Promise.all([loadLanguage('en'), loadLanguage('zh-CN')]);
  setLanguage('en');
  // The audit log's page asks for every domain's strings (its actions and record kinds), in each language shown.
  await loadDomains('all');
  await loadLanguage('zh-CN');
});

describe('disks', () => {
  it('says every down reason in words, with the path where it matters', () => {
    const keys = DISK_DOWN_REASONS.map((reason) => diskProblemKey({ state: 'down', reason, error: 'x' }));
    expect(keys).toEqual(['disk.notConnected', 'disk.notMounted', 'disk.readOnly', 'disk.ambiguous', 'disk.error']);
    expect(en['disk.notConnected']).toContain('{path}');
    // Older daemons without a reason, and a disk that works: an unknown fault, or nothing.
    expect(diskProblemKey({ state: 'down', reason: undefined, error: 'ENOENT' })).toBe('disk.error');
    expect(diskProblemKey({ state: 'ok', reason: null, error: null })).toBeNull();
  });
});

describe('modem and card slot', () => {
  it('names the kinds', () => {
    expect([modemKindLabel('simulator'), modemKindLabel('serial'), modemKindLabel('none')]).toEqual(['Simulator', 'Serial modem', 'None']);
    expect([cardKindLabel('folder'), cardKindLabel('block')]).toEqual([en['cardKind.folder'], 'Card reader']);
    expect(modemKindLabel('gsm-2030')).toBe('gsm-2030');
  });

  it('says the modem’s state from its kind and state; the detail is technical only when it adds something', () => {
    const sim = { kind: 'simulator' as const, state: 'simulated' as const, detail: 'simulated modem: messages go nowhere' };
    expect(modemSentence(sim)).toBe(en['modem.simulatedDetail']);
    expect(modemTechnical(sim)).toBeNull();
    expect(modemSentence({ kind: 'none', state: 'down', detail: 'no modem configured' })).toBe(en['modem.noneDetail']);
    expect(modemSentence({ kind: 'serial', state: 'down', detail: 'not started' })).toBe(en['modem.notStarted']);
    const auto = { kind: 'serial' as const, state: 'ok' as const, detail: 'port found automatically: SIM7600 by USB id' };
    expect(modemSentence(auto)).toBe(en['modem.autoFound']);
    expect(modemTechnical(auto)).toBe(auto.detail);
    const lost = { kind: 'serial' as const, state: 'down' as const, detail: 'lost: EIO', link: { state: 'lost' as const, port: '/dev/ttyUSB2', since: '', lastError: 'EIO', lastErrorAt: null, attempts: 3 } };
    expect(modemSentence(lost)).toBe(en['modem.linkTrouble'].replace('{state}', en['modemLink.lost']));
    expect(modemSentence({ kind: 'serial', state: 'degraded', detail: 'SIM not inserted' })).toBe(en['modem.problem']);
    expect(modemSentence({ kind: 'serial', state: 'ok', detail: null })).toBeNull();
  });

  it('says the card slot’s detail', () => {
    expect(cardSlotSentence('not started')).toBe(en['card.notStarted']);
    expect(cardSlotSentence('ejected, remove the folder: EOS_DIGITAL')).toBe(en['cards.ejected']);
    expect(cardSlotSentence('still changing: EOS_DIGITAL')).toBe(en['ingest.reading']);
    expect(cardSlotSentence('mount failed: wrong fs type')).toBe(en['card.problem']);
  });
});

describe('audit summaries', () => {
  const entry = (a: Partial<AuditEntry>): AuditEntry => ({ id: 1, at: '2026-12-02T06:00:00Z', user: null, action: 'create', entity: 'customer', entityId: 1, summary: '', detail: null, ...a });

  it('are the box’s own in English', () => {
    expect(auditSummary(entry({ summary: 'customer 张伟 created', detail: { name: '张伟' } }))).toBe('customer 张伟 created');
  });

  it('are told from the details in Chinese, never half a sentence', () => {
    setLanguage('zh-CN');
    try {
      expect(auditSummary(entry({ summary: 'customer 张伟 created', detail: { name: '张伟' } }))).toBe('新建客户 张伟');
      const points = entry({ entity: 'points', action: 'deduct', summary: '20 points deducted from card 1001 (兑换)', detail: { cardNo: '1001', delta: -20, reason: '兑换' } });
      expect(auditSummary(points)).toBe('会员卡 1001 扣除 20 积分：兑换');
      const pay = entry({ entity: 'payment', action: 'create', summary: 'payment of …', detail: { orderNo: '20261202-001', amountMinor: 100_000, currency: 'CNY', method: 'cash' } });
      expect(auditSummary(pay)).toMatch(/^订单 20261202-001 收款：.*1,000\.00$/);
      const state = entry({ entity: 'order', action: 'state', summary: 'order X: booked → shot', detail: { from: 'booked', to: 'shot' } });
      expect(auditSummary(state)).toBe(`订单：${zhCN['orderState.booked']} → ${zhCN['orderState.shot']}`);
      // Recorded without details: the customer's number and name from the summary's fixed shape.
      expect(auditSummary(entry({ action: 'delete', summary: 'customer C000007 Trần Thị Hoa deleted' }))).toBe('删除客户 C000007 Trần Thị Hoa');
      expect(auditSummary(entry({ entity: 'session', action: 'login_failed', summary: 'failed login for "boss" from 10.0.0.2' }))).toBe('“boss”登录失败');
      // A line whose details lack what its sentence needs, or a kind the UI does not know: nothing, not English.
      expect(auditSummary(entry({ entity: 'group', action: 'delete', summary: 'group x deleted', detail: null }))).toBe('');
      expect(auditSummary(entry({ entity: 'robot', action: 'dance', summary: 'robot danced' }))).toBe('');
      expect(auditParams(entry({ detail: 'not an object' }))).toEqual({});
    } finally {
      setLanguage('en');
    }
  });
});
