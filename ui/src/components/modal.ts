// A real modal dialog: a backdrop over the page, focus moved into the dialog and kept there
// (Tab and Shift+Tab cycle inside), Esc closes it (onClose: "Cancel" or "Later"), and focus
// goes back where it was. The body scrolls and the buttons stay at the bottom, always visible,
// on a 1366×768 screen and on a phone. Not the native <dialog>: iPadOS 14 lacks it.
import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface ModalProps {
  /** The id of the dialog's heading (aria-labelledby). */
  labelledBy: string;
  onClose(): void;
  /** The buttons, in a bar that never scrolls away. */
  footer: ComponentChildren;
  children: ComponentChildren;
  class?: string;
  /** Extra attributes for tests and styling (e.g. data-card-id). */
  data?: Record<string, string>;
}

export function Modal(p: ModalProps) {
  const box = useRef<HTMLDivElement>(null);
  const onClose = useRef(p.onClose);
  onClose.current = p.onClose;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const el = box.current!;
    const focusables = () => [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((f) => f.offsetParent !== null || f === document.activeElement);
    // The first field, else the first button: where a person would start.
    const first = el.querySelector<HTMLElement>('input:not([disabled]):not([type=radio]), select, textarea') ?? el.querySelector<HTMLElement>('input:checked') ?? focusables()[0];
    (first ?? el).focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const list = focusables();
      if (!list.length) return e.preventDefault();
      const at = list.indexOf(document.activeElement as HTMLElement);
      if (e.shiftKey && at <= 0) {
        e.preventDefault();
        list[list.length - 1]!.focus();
      } else if (!e.shiftKey && (at === list.length - 1 || at < 0)) {
        e.preventDefault();
        list[0]!.focus();
      }
    };
    // Focus that escapes (a click on the backdrop) comes back in.
    const onFocus = (e: FocusEvent) => {
      if (e.target instanceof Node && !el.contains(e.target)) (focusables()[0] ?? el).focus();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocus);
      before?.focus?.();
    };
  }, []);

  return html`<div class="modal-backdrop">
    <div ref=${box} class=${`modal ${p.class ?? ''}`} role="dialog" aria-modal="true" aria-labelledby=${p.labelledBy} tabindex="-1" ...${p.data ?? {}}>
      <div class="modal-body">${p.children}</div>
      <div class="modal-footer actions">${p.footer}</div>
    </div>
  </div>`;
}
