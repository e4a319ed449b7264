/**
 * The ISO/IEC 42001 documents as downloads. Plain links: the browser sends the session cookie
 * with a GET, which needs no CSRF token.
 */
import { h } from '../dom.js';
import { can, rolesFor } from '../session.js';
import { note, pageHeader, section } from '../components/page.js';

const DOCUMENTS = [
  {
    title: 'AI system register',
    about: 'One row per AI system: role, use context, reach, exposure, human oversight, vendor due diligence and the evidence behind it.',
    files: [
      ['/api/exports/register?format=csv', 'unshadow-register.csv', 'CSV'],
      ['/api/exports/register?format=json', 'unshadow-register.json', 'JSON'],
      ['/api/exports/register?format=md', 'unshadow-register.md', 'Markdown'],
    ],
  },
  {
    title: 'CycloneDX bill of materials',
    about: 'The AI services and SDKs in use as a CycloneDX 1.6 document, for GRC tools.',
    files: [['/api/exports/cyclonedx', 'unshadow-cyclonedx.json', 'CycloneDX JSON']],
  },
  {
    title: 'Statement of Applicability',
    about: 'Every ISO/IEC 42001 Annex A control, applicable or not, with the justification from the register.',
    files: [
      ['/api/exports/soa?format=md', 'unshadow-soa.md', 'Markdown'],
      ['/api/exports/soa?format=csv', 'unshadow-soa.csv', 'CSV'],
      ['/api/exports/soa?format=json', 'unshadow-soa.json', 'JSON'],
    ],
  },
  {
    title: 'AI management system scope',
    about: 'A draft clause 4.3 scope statement: the AI systems in scope with the organisation’s role for each, the units covered and the exclusions.',
    files: [
      ['/api/exports/scope?format=md', 'unshadow-scope.md', 'Markdown'],
      ['/api/exports/scope?format=json', 'unshadow-scope.json', 'JSON'],
    ],
  },
];

export async function render() {
  if (!can('export')) {
    return h('div', { class: 'page' }, pageHeader('Exports'), note(`Downloading the documents needs the ${rolesFor('export')} role.`));
  }
  return h(
    'div',
    { class: 'page' },
    pageHeader('Exports', 'Documents for an ISO/IEC 42001 audit, made from the inventory as it is now.'),
    DOCUMENTS.map((doc) =>
      section(
        doc.title,
        h('p', {}, doc.about),
        h(
          'ul',
          { class: 'downloads' },
          doc.files.map(([href, filename, format]) => h('li', {}, h('a', { href, download: filename, class: 'button' }, `${doc.title} (${format})`))),
        ),
      ),
    ),
  );
}
