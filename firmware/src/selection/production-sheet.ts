// The production sheet (后期制作单) of a finished selection: a printable HTML page for the
// retoucher, written into `selected/` beside the photos and served to the browser. Pure: the
// session in, the page out. Everything from the database is escaped.
import type { SelectionSession } from '../api-types.js';
import { formatMinor } from '../finance/money.js';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "2026-12-02 17:30" in the studio's zone. */
function localTime(iso: string, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export const PRODUCTION_SHEET_FILE = 'production-sheet.html';
export const LIGHTROOM_FILE = 'lightroom-filter.txt';

export function productionSheet(s: SelectionSession, studioName: string, timeZone: string): string {
  const e = escapeHtml;
  const kept = s.photos.filter((p) => p.mark === 'keep');
  const t = s.tally;
  const pkg = s.package;
  const included = pkg.photosIncluded === null ? '—' : String(pkg.photosIncluded);
  const extraPrice = t.extraMinor === null ? '—' : formatMinor(t.extraMinor, pkg.currency);
  const rows = kept
    .map((p, i) => `<tr><td>${i + 1}</td><td class="name">${e(p.name)}</td><td>${p.note ? e(p.note).replace(/\n/g, '<br>') : ''}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${e(s.orderNo)} production sheet</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#000}
h1{font-size:20px;margin:0 0 .5em}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0 0 1em}
dt{font-weight:600}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}
td.name{font-family:ui-monospace,monospace;white-space:nowrap}
.lr{font-family:ui-monospace,monospace;word-break:break-all;border:1px solid #999;padding:.5em}
@media print{body{margin:0}tr{break-inside:avoid}}
</style></head>
<body>
<h1>${e(studioName)} · Production sheet · ${e(s.orderNo)}</h1>
<dl>
<dt>Customer</dt><dd>${e(s.customer.customerNo)} ${e(s.customer.name)}</dd>
<dt>Order</dt><dd>${e(s.orderNo)} ${e(s.orderTitle)}</dd>
<dt>Shoot folder</dt><dd>${e(s.folder)}</dd>
<dt>Package</dt><dd>${e(pkg.name ?? '')} (included: ${included})</dd>
<dt>Chosen</dt><dd>${t.keep} of ${t.total} (dropped ${t.no})</dd>
<dt>Extra photos</dt><dd>${t.extra} · ${e(extraPrice)}</dd>
<dt>Finished</dt><dd>${s.finishedAt ? e(localTime(s.finishedAt, timeZone)) : ''} ${e(s.finishedBy?.name ?? '')}</dd>
</dl>
<table><thead><tr><th>#</th><th>File</th><th>Retouch wishes</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Lightroom filter</h2>
<p class="lr">${e(s.lightroom ?? '')}</p>
</body></html>
`;
}
