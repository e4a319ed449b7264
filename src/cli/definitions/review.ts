import { type Command, Option } from 'commander';
import { AI_SYSTEM_STATUSES, ORG_ROLES, USE_DOMAINS } from '../../domain/register.js';
import type { ReviewFlags, VendorFlags } from '../commands/review.js';
import { REVIEW_ANSWERS } from '../clear-answers.js';

const actions = () => import('../commands/review.js');

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((part) => part.trim()).filter(Boolean)];

export function defineReview(review: Command): void {
  review
    .argument('<ids...>')
    .addOption(new Option('--status <status>', 'the decision').choices([...AI_SYSTEM_STATUSES]))
    .option('--role <role>', `the organisation's role(s), repeatable or comma-separated: ${ORG_ROLES.join(', ')}`, collect)
    .addOption(new Option('--domain <domain>', 'the use domain (EU AI Act Annex III areas and more)').choices([...USE_DOMAINS]))
    .option('--owner <name>', 'who is accountable for its use')
    .option('--purpose <text>', 'the business purpose')
    .option('--department <name>', 'departments using it, repeatable or comma-separated', collect)
    .option('--decisions <text>', 'the decisions its outputs affect')
    .option('--data <category>', 'data categories it touches, repeatable or comma-separated', collect)
    .option('--oversight <who>', 'human oversight: who reviews its outputs')
    .option('--oversight-when <when>', 'human oversight: when outputs are reviewed')
    .option('--oversight-override <how>', 'human oversight: how a person overrides an output')
    .option('--conditions <text>', 'conditions of an "approved with conditions" or "restricted" decision')
    .option('--clear <answers>', `clear recorded answers, comma-separated: ${Object.keys(REVIEW_ANSWERS).join(', ')}`, collect)
    .option('--note <text>', 'why: recorded with every change in the audit trail')
    .option('--by <name>', 'who decides (default: $UNSHADOW_ACTOR or the OS user)')
    .option('--json', 'print JSON')
    .action(async (ids: string[], flags: ReviewFlags) => (await actions()).review(ids, flags));
}

export function defineVendor(vendor: Command): void {
  vendor
    .argument('<name>')
    .option('--iso42001', 'holds ISO/IEC 42001 certification')
    .option('--iso27001', 'holds ISO/IEC 27001 certification')
    .option('--iso27701', 'holds ISO/IEC 27701 certification')
    .option('--soc2', 'has a SOC 2 report')
    .option('--dpa', 'a data processing agreement is signed')
    .option('--no-dpa', 'no data processing agreement')
    .option('--trains-on-customer-data', 'the vendor trains on customer data in the configuration in use')
    .option('--no-trains-on-customer-data', 'training on customer data is off')
    .option('--incident-notification <terms>', 'incident notification terms, e.g. "72 hours"')
    .option('--model-documentation', 'model documentation (model card, system card) received')
    .option('--data-residency <where>', 'where the vendor stores and processes the data, e.g. "EU (Frankfurt)"')
    .option('--subprocessor <name>', 'a subprocessor, repeatable or comma-separated (replaces the recorded list)', collect)
    .option('--owner <name>', 'who owns the relationship and this review')
    .option('--document <title=reference>', 'a document by reference, e.g. "DPA=legal/dpa-openai-2026.pdf", repeatable (replaces the recorded list)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--reviewed-on <date>', 'date of this review, YYYY-MM-DD (default: today)')
    .option('--next-review <date>', 'when the next review is due, YYYY-MM-DD (default: a year after the last)')
    .option('--clear <answers>', 'clear recorded answers, comma-separated: certifications, dpa, trains-on-customer-data, incident-notification, model-documentation, data-residency, subprocessors, owner, documents, next-review', collect)
    .option('--note <text>', 'why: recorded with every change in the audit trail')
    .option('--by <name>', 'who records it (default: $UNSHADOW_ACTOR or the OS user)')
    .action(async (name: string, flags: VendorFlags) => (await actions()).recordVendor(name, flags));
}
