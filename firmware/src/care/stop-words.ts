// Opt-out replies (issue 14.5): TD (China's carriers' convention, 退订's initials), 退订, STOP,
// HUY (Vietnamese "huỷ"). Pure. A reply counts only when the word stands alone in the message:
// "stop by tomorrow?" or "退订了吗" is a question for staff, not an opt-out.

const WORDS = new Set(['td', '退订', '退訂', 'stop', 'huy']);

/**
 * True when `text` is one of the stop words and nothing else, in any case and width (full-width
 * "ＳＴＯＰ", an IME's "ｔｄ"), with Vietnamese tone marks or not ("Hủy", "HUỶ"), surrounded by
 * any white space and at most a closing full stop or exclamation mark.
 */
export function isStopReply(text: string): boolean {
  const folded = text
    // Full-width letters and spaces become ASCII; "Ủ" splits into U and its marks.
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .trim()
    .replace(/[.!。！]+$/u, '')
    .trim()
    .toLowerCase();
  return WORDS.has(folded);
}
