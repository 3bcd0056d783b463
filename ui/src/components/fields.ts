// Form fields with their label bound to the control (so people and tests find a field by
// its label), a hint, and the server's error for that field right under it.
import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { t } from '../i18n/catalog';

interface Common {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean;
  required?: boolean;
  class?: string;
}

function describedBy(id: string, p: Common): string | undefined {
  const ids = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Notes(props: { id: string; p: Common }) {
  const id = props.id;
  const p = props.p;
  return html`${p.hint ? html`<small class="hint" id=${`${id}-hint`}>${p.hint}</small>` : null}
  ${p.error ? html`<small class="field-error" id=${`${id}-error`} role="alert">${p.error}</small>` : null}`;
}

export interface TextFieldProps extends Common {
  value: string;
  onValue(value: string): void;
  onBlur?: () => void;
  type?: 'text' | 'password' | 'date' | 'datetime-local' | 'search' | 'tel' | 'email';
  multiline?: boolean;
  autoComplete?: string;
  inputMode?: string;
  placeholder?: string;
  autoFocus?: boolean;
  children?: ComponentChildren;
}

export function TextField(p: TextFieldProps) {
  const id = useId();
  const shared = {
    id,
    value: p.value,
    disabled: p.disabled,
    required: p.required,
    placeholder: p.placeholder,
    autocomplete: p.autoComplete,
    inputmode: p.inputMode,
    autofocus: p.autoFocus,
    'aria-invalid': p.error ? 'true' : undefined,
    'aria-describedby': describedBy(id, p),
    onInput: (e: Event) => p.onValue((e.currentTarget as HTMLInputElement).value),
    onBlur: p.onBlur,
  };
  return html`<div class=${`field ${p.class ?? ''}`}>
    <label for=${id}>${p.label}</label>
    ${p.multiline ? html`<textarea rows="3" ...${shared}></textarea>` : html`<input type=${p.type ?? 'text'} ...${shared} />`}
    <${Notes} id=${id} p=${p} />
    ${p.children}
  </div>`;
}

export interface Option {
  value: string;
  label: string;
  /** A name that is not words of any language (a time zone's id): translate="no". */
  raw?: boolean;
}

export interface SelectFieldProps extends Common {
  value: string;
  options: Option[];
  onValue(value: string): void;
}

export function SelectField(p: SelectFieldProps) {
  const id = useId();
  return html`<div class=${`field ${p.class ?? ''}`}>
    <label for=${id}>${p.label}</label>
    <select
      id=${id}
      value=${p.value}
      disabled=${p.disabled}
      aria-invalid=${p.error ? 'true' : undefined}
      aria-describedby=${describedBy(id, p)}
      onChange=${(e: Event) => p.onValue((e.currentTarget as HTMLSelectElement).value)}
    >
      ${p.options.map((o) => html`<option key=${o.value} value=${o.value} selected=${o.value === p.value} translate=${o.raw ? false : undefined}>${o.label}</option>`)}
    </select>
    <${Notes} id=${id} p=${p} />
  </div>`;
}

export interface CheckboxProps {
  label: string;
  checked: boolean;
  onValue(checked: boolean): void;
  disabled?: boolean;
}

export function Checkbox(p: CheckboxProps) {
  return html`<label class="check">
    <input type="checkbox" checked=${p.checked} disabled=${p.disabled} onChange=${(e: Event) => p.onValue((e.currentTarget as HTMLInputElement).checked)} />
    <span>${p.label}</span>
  </label>`;
}

export function Banner(p: { kind: 'error' | 'ok' | 'info'; children: ComponentChildren }) {
  return html`<div class=${`banner banner-${p.kind}`} role=${p.kind === 'error' ? 'alert' : 'status'}>${p.children}</div>`;
}

/** The end of a form: what went wrong, the submit button and Cancel (when there is one). */
export function FormEnd(p: { failure: string | null; busy: boolean; label: string; onCancel?: () => void }) {
  return html`${p.failure ? html`<${Banner} kind="error">${p.failure}<//>` : null}
    <div class="actions">
      <button type="submit" class="primary" disabled=${p.busy}>${p.label}</button>
      ${p.onCancel ? html`<button type="button" onClick=${p.onCancel}>${t('common.cancel')}</button>` : null}
    </div>`;
}
