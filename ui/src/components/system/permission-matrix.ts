// Rights of a group as a grid: one row per feature, one column per action (A1).
import { html } from 'htm/preact';
import { ACTIONS, FEATURES, type Action, type Feature, type PermissionMap } from '../../contract';
import { t } from '../../i18n/catalog';
import { actionLabel, featureLabel } from '../../i18n/enum-labels';

export interface PermissionMatrixProps {
  value: PermissionMap;
  onValue(next: PermissionMap): void;
  disabled?: boolean;
}

export function PermissionMatrix(p: PermissionMatrixProps) {
  const value = p.value;
  const toggle = (f: Feature, a: Action, on: boolean) => {
    const now = new Set(value[f] ?? []);
    if (on) now.add(a);
    else now.delete(a);
    const next: PermissionMap = { ...value };
    // Keep catalogue order, and drop a feature with nothing granted.
    const actions = ACTIONS.filter((x) => now.has(x));
    if (actions.length) next[f] = actions;
    else delete next[f];
    p.onValue(next);
  };
  return html`<div class="matrix-wrap">
    <table class="matrix">
      <caption class="sr-only">${t('groups.permissions')}</caption>
      <thead>
        <tr>
          <th scope="col">${t('groups.feature')}</th>
          ${ACTIONS.map((a) => html`<th scope="col" key=${a}>${actionLabel(a)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${FEATURES.map(
          (f) => html`<tr key=${f}>
            <th scope="row">${featureLabel(f)}</th>
            ${ACTIONS.map(
              (a) => html`<td key=${a}>
                <input
                  type="checkbox"
                  aria-label=${t('groups.rightFor', { feature: featureLabel(f), action: actionLabel(a) })}
                  checked=${value[f]?.includes(a) ?? false}
                  disabled=${p.disabled ?? false}
                  onChange=${(e: Event) => toggle(f, a, (e.currentTarget as HTMLInputElement).checked)}
                />
              </td>`,
            )}
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
