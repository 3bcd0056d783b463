// Message templates (S1): the studio's own texts per purpose and language, with placeholders
// and a live preview for a chosen customer. Read with templates:view; created, changed and
// deleted with templates:add / edit / delete. Without a template of its own for a purpose and
// language, the box uses its default text (shown under the text box).
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { DEFAULT_TEMPLATES, TEMPLATE_PURPOSES, type TemplatePurpose } from '../../../../firmware/src/care/default-templates';
import { PLACEHOLDERS } from '../../../../firmware/src/care/template-render';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { DeleteButton } from '../../components/confirm-button';
import { Banner, SelectField, TextField } from '../../components/fields';
import { TemplatePreview } from '../../components/care/template-preview';
import { LANGUAGES, type Language, type SmsTemplate, type SmsTemplateInput } from '../../contract';
import { LANGUAGE_NAMES, t } from '../../i18n/catalog';
import { purposeLabel } from '../../i18n/enum-labels';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';

function TemplateEditor(p: { editing: SmsTemplate | null; onSaved(m: SmsTemplate): void; onCancel(): void }) {
  const me = useApp().me;
  const e = p.editing;
  const name = useValue(e?.name ?? '');
  const purpose = useValue<TemplatePurpose>((e?.purpose as TemplatePurpose | undefined) ?? 'general');
  const language = useValue<Language>(e?.language ?? me.settings.language);
  const body = useValue(e?.body ?? '');
  const sub = useSubmission();
  const errors = sub.errors.value;
  const fallback = DEFAULT_TEMPLATES[purpose.value][language.value];
  const may = e ? can(me, 'templates', 'edit') : can(me, 'templates', 'add');

  const insert = (ph: string) => body.set(`${body.value}{${ph}}`);
  const save = async (ev: Event) => {
    ev.preventDefault();
    const local: Record<string, string> = {};
    if (!name.value.trim()) local.name = t('field.required');
    if (!body.value.trim()) local.body = t('field.required');
    if (!sub.check(local)) return;
    const input: SmsTemplateInput = { name: name.value.trim(), purpose: purpose.value, language: language.value, body: body.value };
    const out: { saved?: SmsTemplate } = {};
    const ok = await sub.run(async () => {
      out.saved = e ? await api<SmsTemplate>('PATCH', `/api/care/templates/${e.id}`, input) : await api<SmsTemplate>('POST', '/api/care/templates', input);
    });
    if (ok && out.saved) p.onSaved(out.saved);
  };

  return html`<section class="card template-editor">
    <h2>${e ? t('templates.editing', { name: e.name }) : t('templates.new')}</h2>
    <div class="template-grid">
      <form onSubmit=${save} novalidate class="narrow-form">
        <${TextField} label=${t('templates.name')} value=${name.value} onValue=${name.set} error=${errors.name} disabled=${!may} required />
        <${SelectField} label=${t('templates.purpose')} value=${purpose.value} error=${errors.purpose} disabled=${!may}
          options=${TEMPLATE_PURPOSES.map((x) => ({ value: x, label: purposeLabel(x) }))} onValue=${(v: string) => purpose.set(v as TemplatePurpose)} />
        <${SelectField} label=${t('templates.language')} value=${language.value} error=${errors.language} disabled=${!may}
          options=${LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} onValue=${(v: string) => language.set(v as Language)} />
        <${TextField} multiline label=${t('templates.body')} value=${body.value} onValue=${body.set} error=${errors.body} disabled=${!may}
          hint=${t('templates.defaultText', { text: fallback })} required />
        ${may
          ? html`<p class="placeholder-buttons">${t('templates.placeholders')}
              ${PLACEHOLDERS.map((ph) => html` <button type="button" class="chip" key=${ph} onClick=${() => insert(ph)}>{${ph}}</button>`)}
              ${body.value.trim() ? null : html` <button type="button" class="link-button" onClick=${() => body.set(fallback)}>${t('templates.useDefault')}</button>`}</p>`
          : null}
        ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
        <div class="actions">
          ${may ? html`<button type="submit" class="primary" disabled=${sub.busy.value}>${e ? t('templates.save') : t('templates.create')}</button>` : null}
          <button type="button" onClick=${p.onCancel}>${t('common.cancel')}</button>
        </div>
      </form>
      ${can(me, 'customers', 'view') ? html`<${TemplatePreview} body=${body.value || fallback} language=${language.value} />` : null}
    </div>
  </section>`;
}

export function TemplatesPage() {
  const me = useApp().me;
  const list = useValue<SmsTemplate[] | null>(null);
  const error = useValue<string | null>(null);
  const message = useValue<string | null>(null);
  // null: the list; 'new': a new template; a template: that one being edited.
  const editing = useValue<SmsTemplate | 'new' | null>(null);
  const latest = useLatestOnly();
  const load = useCallback(
    () =>
      latest(
        api<SmsTemplate[]>('GET', '/api/care/templates'),
        (items) => (list.set(items), error.set(null)),
        (err) => error.set(errorText(err)),
      ),
    [],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello'], () => void load());

  const remove = async (x: SmsTemplate) => {
    try {
      await api('DELETE', `/api/care/templates/${x.id}`);
      void load();
    } catch (err) {
      error.set(errorText(err));
    }
  };
  const saved = (m: SmsTemplate, created: boolean) => {
    editing.set(null);
    message.set(created ? t('templates.created') : t('templates.saved'));
    list.set([...(list.value ?? []).filter((x) => x.id !== m.id), m]);
    void load();
  };

  // The newest of each purpose and language is the one in use.
  const inUse = new Set<number>();
  const seen = new Set<string>();
  for (const x of [...(list.value ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id)) {
    const k = `${x.purpose}|${x.language}`;
    if (!seen.has(k)) (seen.add(k), inUse.add(x.id));
  }
  const items = list.value;
  const ed = editing.value;
  return html`<section>
    <div class="page-head">
      <h1>${t('templates.title')}</h1>
      ${can(me, 'templates', 'add') && ed === null ? html`<div class="actions"><button type="button" class="primary" onClick=${() => (editing.set('new'), message.set(null))}>${t('templates.new')}</button></div>` : null}
    </div>
    <p class="muted">${t('templates.intro')}</p>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${message.value ? html`<${Banner} kind="ok">${message.value}<//>` : null}
    ${ed !== null
      ? html`<${TemplateEditor} key=${ed === 'new' ? 'new' : ed.id} editing=${ed === 'new' ? null : ed} onSaved=${(m: SmsTemplate) => saved(m, ed === 'new')} onCancel=${() => editing.set(null)} />`
      : null}
    ${items && items.length
      ? html`<ul class="plain template-list">
          ${[...items]
            .sort((a, b) => TEMPLATE_PURPOSES.indexOf(a.purpose as TemplatePurpose) - TEMPLATE_PURPOSES.indexOf(b.purpose as TemplatePurpose) || a.language.localeCompare(b.language) || a.name.localeCompare(b.name))
            .map(
              (x) => html`<li key=${x.id} class="card" data-template=${x.name}>
                <strong>${x.name}</strong> <small>${purposeLabel(x.purpose)} · ${LANGUAGE_NAMES[x.language]}${inUse.has(x.id) ? ` · ${t('templates.inUse')}` : ''}</small>
                <p class="pre">${x.body}</p>
                <div class="actions">
                  <button type="button" onClick=${() => (editing.set(x), message.set(null))}>${can(me, 'templates', 'edit') ? t('common.edit') : t('templates.preview')}</button>
                  ${can(me, 'templates', 'delete') ? html`<${DeleteButton} question=${t('templates.deleteConfirm', { name: x.name })} onConfirmed=${() => remove(x)} />` : null}
                </div>
              </li>`,
            )}
        </ul>`
      : items ? html`<p class="empty">${t('templates.none')}</p>` : html`<p>${t('app.loading')}</p>`}
  </section>`;
}
