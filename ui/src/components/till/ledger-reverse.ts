// Undoing a ledger line (a payment, points) the one way the box allows: a reversal with the
// reason staff give, asked in the app's own dialog (not window.prompt: that one cannot be
// styled, translated or tested, and some tablets block it). No reason, no reversal.
import { html } from 'htm/preact';
import { api } from '../../api';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useValue } from '../../use-value';
import { Banner, TextField } from '../fields';
import { Modal } from '../modal';

export interface LedgerCallbacks {
  onChanged(): void;
  onError(err: unknown): void;
}

function ReasonDialog(p: { question: string; path: string; done(changed: boolean): void }) {
  const reason = useValue('');
  const missing = useValue(false);
  const busy = useValue(false);
  const error = useValue<unknown>(null);
  const submit = async (e?: Event) => {
    e?.preventDefault();
    const why = reason.value.trim();
    missing.set(!why);
    if (!why) return;
    busy.set(true);
    try {
      await api('POST', p.path, { reason: why });
      p.done(true);
    } catch (err) {
      error.set(err);
      busy.set(false);
    }
  };
  return html`<${Modal}
    labelledBy="reverse-title"
    class="reason-dialog"
    onClose=${() => p.done(false)}
    footer=${html`<button type="submit" form="reverse-form" class="primary" disabled=${busy.value}>${t('payment.reverse')}</button>
      <button type="button" onClick=${() => p.done(false)}>${t('common.cancel')}</button>`}
  >
    <form id="reverse-form" onSubmit=${submit} novalidate>
      <h2 id="reverse-title">${p.question}</h2>
      <${TextField} label=${t('dialog.reason')} value=${reason.value} onValue=${(v: string) => (reason.set(v), missing.set(false))} error=${missing.value ? t('dialog.reasonRequired') : undefined} required />
      ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    </form>
  <//>`;
}

/** A reversal to ask for (ask(question, path)) and the dialog to render while it is asked. */
export function useReversal(p: LedgerCallbacks): { ask(question: string, path: string): void; dialog: unknown } {
  const asking = useValue<{ question: string; path: string } | null>(null);
  const a = asking.value;
  return {
    ask: (question, path) => asking.set({ question, path }),
    dialog: a
      ? html`<${ReasonDialog}
          key=${a.path}
          question=${a.question}
          path=${a.path}
          done=${(changed: boolean) => {
            asking.set(null);
            if (changed) p.onChanged();
          }}
        />`
      : null,
  };
}
