// Opt-out replies (care/stop-words.ts): the word alone, any case, width or tone marks.
import { describe, expect, it } from 'vitest';
import { isStopReply } from '../../src/care/stop-words.js';

describe('isStopReply', () => {
  it('takes TD, 退订, STOP and HUY alone, in any case, width, with white space and a closing mark', () => {
    for (const t of ['TD', 'td', 'Td', ' td ', '退订', '退訂', ' 退订。', 'STOP', 'stop', 'Stop!', 'ＳＴＯＰ', 'ｔｄ', '\u3000ＴＤ\u3000', 'HUY', 'huy', 'Hủy', 'HUỶ', 'huỷ', 'stop.', '\nSTOP\r\n']) {
      expect(isStopReply(t), JSON.stringify(t)).toBe(true);
    }
  });

  it('refuses the word inside a sentence, other words, and empty replies', () => {
    for (const t of ['', ' ', 'stop by tomorrow?', '退订了吗', 'please STOP', 'TD TD', 'STOPP', 'tdd', 'huyen', 'OK', '取消', 'S T O P', 'stop?', 'STOP STOP']) {
      expect(isStopReply(t), JSON.stringify(t)).toBe(false);
    }
  });
});
