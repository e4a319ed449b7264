/**
 * The ISO/IEC 42001 documents: each to read and print in the console (the browser saves it as a
 * PDF) and to download in every format. Plain links: the browser sends the session cookie with a
 * GET, which needs no CSRF token.
 */
import { api } from '../api.js';
import { h } from '../dom.js';
import { can, rolesFor } from '../session.js';
import { stateBadge } from '../components/badge.js';
import { note, pageHeader, section } from '../components/page.js';

const ABOUT = {
  register: 'Every AI system with every recorded decision: role, use context, oversight, conditions, who decided when and why, spend in every currency, vendor due diligence, incidents and evidence.',
  soa: 'All 38 ISO/IEC 42001 Annex A controls, applicable or not, justified from the register, with implementation status, owner and evidence.',
  scope: 'The clause 4.3 scope statement: the context (4.1, 4.2), boundaries, interfaces and dependencies, the AI systems in scope and the exclusions.',
  incidents: 'Every AI incident with its investigation, corrective action and escalation (clause 10.2).',
};
const FORMATS = [
  ['xlsx', 'XLSX'],
  ['md', 'Markdown'],
  ['csv', 'CSV'],
  ['json-document', 'JSON'],
];

export async function render({ signal }) {
  if (!can('export')) {
    return h('div', { class: 'page' }, pageHeader('Exports'), note(`Downloading the documents needs the ${rolesFor('export')} role.`));
  }
  const { items } = await api('/api/documents', { signal });
  return h(
    'div',
    { class: 'page' },
    pageHeader('Documents for the audit', 'Made from the inventory as it is now; each names its version, the last audit entry it reflects.'),
    items.map((doc) =>
      section(
        doc.title,
        h('p', {}, ABOUT[doc.kind], ' ', doc.approval?.current ? stateBadge('approved', `Approved (${doc.version})`) : stateBadge('not_approved', `Version ${doc.version} not approved`)),
        h(
          'ul',
          { class: 'downloads' },
          h('li', {}, h('a', { href: `/documents/${doc.kind}`, class: 'button button--primary' }, `Read and print the ${doc.title}`)),
          FORMATS.map(([format, text]) => h('li', {}, h('a', { href: `/api/exports/${doc.kind}?format=${format}`, download: '', class: 'button' }, `${doc.title} (${text})`))),
        ),
      ),
    ),
    section(
      'CycloneDX bill of materials',
      h('p', {}, 'The AI services and SDKs in use as a CycloneDX 1.6 document naming the organisation, for GRC tools.'),
      h('ul', { class: 'downloads' }, h('li', {}, h('a', { href: '/api/exports/cyclonedx', download: '', class: 'button' }, 'CycloneDX bill of materials (JSON)'))),
    ),
  );
}
