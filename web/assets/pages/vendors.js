/** Every vendor of the AI systems in the inventory, and where its due diligence (A.10.3) stands. */
import { api } from '../api.js';
import { h } from '../dom.js';
import { counted, dateText } from '../format.js';
import { stateBadge } from '../components/badge.js';
import { pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CERTIFICATIONS, label } from '../vocab.js';

export const DILIGENCE_STATES = { not_recorded: 'Not reviewed', current: 'Reviewed', overdue: 'Review overdue' };

export function vendorHref(name) {
  return `/vendors/${encodeURIComponent(name)}`;
}

export async function render({ signal }) {
  const { items } = await api('/api/vendors', { signal });
  const overdue = items.filter((v) => v.state === 'overdue');
  const missing = items.filter((v) => v.state === 'not_recorded');
  const order = { overdue: 0, not_recorded: 1, current: 2 };
  const sorted = [...items].sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name));
  return h(
    'div',
    { class: 'page' },
    pageHeader('Vendors', `${counted(items.length, 'vendor', 'vendors')} of AI systems in the inventory. ISO/IEC 42001 Annex A.10.3 asks for each to be reviewed.`),
    overdue.length
      ? h('p', { class: 'reminder', role: 'note' }, `${counted(overdue.length, 'vendor review is', 'vendor reviews are')} past due: ${overdue.map((v) => `${v.name} (due ${dateText(v.reviewDue)})`).join(', ')}.`)
      : null,
    missing.length ? h('p', { class: 'note' }, `${counted(missing.length, 'vendor has', 'vendors have')} no due diligence recorded yet.`) : null,
    section(
      'Due diligence',
      dataTable({
        caption: 'Vendors and their due diligence',
        columns: [{ label: 'Vendor' }, { label: 'AI systems' }, { label: 'Due diligence' }, { label: 'DPA' }, { label: 'Certifications' }, { label: 'Data residency' }, { label: 'Owner' }, { label: 'Reviewed' }, { label: 'Next review' }],
        rows: sorted.map((v) => [
          h('a', { href: vendorHref(v.name) }, v.name),
          v.systems.map((s) => s.product).join(', '),
          stateBadge(v.state, DILIGENCE_STATES[v.state]),
          v.diligence.dataProcessingAgreement === undefined ? '—' : v.diligence.dataProcessingAgreement ? 'Yes' : 'No',
          (v.diligence.certifications ?? []).map((c) => label(CERTIFICATIONS, c)).join(', ') || '—',
          v.diligence.dataResidency ?? '—',
          v.diligence.owner ?? '—',
          dateText(v.diligence.reviewedOn),
          dateText(v.reviewDue),
        ]),
        rowHeader: true,
        empty: 'No vendors yet: they appear with the AI systems found.',
      }),
    ),
  );
}
