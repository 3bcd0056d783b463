// The daemon's words for a name that is not text (firmware/src/util/plain-text.ts) are shown
// in the person's language: the UI recognises exactly the messages the daemon writes.
import { describe, expect, it } from 'vitest';
import { describeTextProblem } from '../../firmware/src/util/plain-text';
import { loadLanguage, setLanguage } from '../src/i18n/catalog';
import { ApiFailure } from '../src/api';
import { errorText, fieldMessage } from '../src/i18n/server-messages';

// setLanguage marks <html lang>; here is no page, only the element it writes to.
(globalThis as { document?: unknown }).document ??= { documentElement: { lang: 'en' } };

describe('field messages from the name rule', () => {
  it('are translated, with the code point kept', async () => {
    for (const lang of ['en', 'zh-CN', 'vi'] as const) {
      await loadLanguage(lang);
      setLanguage(lang);
      const invisible = describeTextProblem({ kind: 'invisible' });
      const control = describeTextProblem({ kind: 'control', codePoint: 0 });
      expect(fieldMessage(invisible), lang).not.toBe(invisible);
      expect(fieldMessage(control), lang).not.toBe(control);
      expect(fieldMessage(control), lang).toContain('U+0000');
    }
    setLanguage('zh-CN');
    expect(fieldMessage(describeTextProblem({ kind: 'invisible' }))).toBe('没有可见的字符，请输入看得见的文字');
  });
});

describe('a refusal the UI does not know by its code (issue 10 item 7)', () => {
  it('is the box’s own sentence, with nothing like “The box answered:” before it', async () => {
    for (const lang of ['en', 'zh-CN', 'vi'] as const) {
      await loadLanguage(lang);
      setLanguage(lang);
      const err = new ApiFailure(409, { code: 'something_new', message: 'The card is closed.' });
      expect(errorText(err), lang).toBe('The card is closed.');
      expect(errorText(new Error('Failed to parse')), lang).toBe('Failed to parse');
    }
  });
});
