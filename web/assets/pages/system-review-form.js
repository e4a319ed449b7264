/**
 * The review form of one AI system. It sends only what the reviewer changed (an emptied field
 * clears the recorded answer): the server merges it into the recorded review and audits each
 * changed answer with the note as its reason.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { announce, reportError } from '../status.js';
import { changed, checkboxGroup, listChange, read, readChecked, selectField, textArea, textChange, textField, whileBusy } from '../components/form.js';
import { label, ROLES, STATUSES, USE_DOMAINS } from '../vocab.js';

const NEEDS_CONDITIONS = new Set(['approved_with_conditions', 'restricted']);

/**
 * Only what the reviewer changed: a new answer, or `null` for an answer emptied (the server clears
 * it), so a cleared field is recorded and audited like any other change.
 */
function reviewBody(form, entry) {
  const body = {};
  const status = read(form, 'status');
  // Sending an unchanged status would pin a discovered system there; the server moves it to "in review" itself.
  if (status && status !== entry.status) body.status = status;

  const roles = readChecked(form, 'roles');
  const recordedRoles = entry.roles ?? [];
  if (roles.length !== recordedRoles.length || roles.some((role, i) => role !== recordedRoles[i])) body.roles = roles.length ? roles : null;

  const use = entry.useContext ?? {};
  const useContext = changed({
    purpose: textChange(form, 'purpose', use.purpose),
    owner: textChange(form, 'owner', use.owner),
    decisions: textChange(form, 'decisions', use.decisions),
    domain: textChange(form, 'domain', use.domain),
    departments: listChange(form, 'departments', use.departments),
    dataCategories: listChange(form, 'dataCategories', use.dataCategories),
  });
  if (Object.keys(useContext).length) body.useContext = useContext;

  const recordedOversight = entry.oversight ?? {};
  const oversight = changed({
    reviewer: textChange(form, 'oversight-reviewer', recordedOversight.reviewer),
    when: textChange(form, 'oversight-when', recordedOversight.when),
    override: textChange(form, 'oversight-override', recordedOversight.override),
  });
  if (Object.keys(oversight).length) body.oversight = oversight;

  const conditions = textChange(form, 'conditions', entry.conditions);
  if (conditions !== undefined) body.conditions = conditions;
  const note = read(form, 'note');
  if (note) body.note = note;
  return body;
}

/** onSaved() reloads the page's data, so the form shows what the server now records. */
export function reviewForm({ system, sheet, signal, onSaved }) {
  const entry = sheet.entry ?? {};
  const use = entry.useContext ?? {};
  const oversight = entry.oversight ?? {};
  const suggested = (sheet.suggestedRoles?.roles ?? []).map((role) => label(ROLES, role));
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Save review');

  const form = h(
    'form',
    { class: 'form review-form' },
    h(
      'div',
      { class: 'form-grid' },
      selectField({ label: 'Status', name: 'status', value: entry.status ?? system.status, options: Object.entries(STATUSES) }),
    ),
    checkboxGroup({
      legend: 'Roles of the organisation',
      name: 'roles',
      options: Object.entries(ROLES),
      checked: entry.roles ?? [],
      hint: suggested.length ? `Suggested: ${suggested.join(', ')}.` : undefined,
    }),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'Use context'),
      h(
        'div',
        { class: 'form-grid' },
        textField({ label: 'Purpose', name: 'purpose', value: use.purpose }),
        textField({ label: 'Owner', name: 'owner', value: use.owner, hint: 'Who is accountable for its use.' }),
        textField({ label: 'Departments', name: 'departments', value: (use.departments ?? []).join(', '), hint: 'Comma-separated.' }),
        textField({ label: 'Data categories', name: 'dataCategories', value: (use.dataCategories ?? []).join(', '), hint: 'Comma-separated: personal, customer, source code, financial…' }),
        selectField({ label: 'Use domain', name: 'domain', value: use.domain ?? '', options: [['', 'Not recorded'], ...Object.entries(USE_DOMAINS)] }),
      ),
      textArea({ label: 'Decisions its outputs affect', name: 'decisions', value: use.decisions, rows: 2 }),
    ),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'Human oversight'),
      h(
        'div',
        { class: 'form-grid' },
        textField({ label: 'Reviewer of outputs', name: 'oversight-reviewer', value: oversight.reviewer }),
        textField({ label: 'When outputs are reviewed', name: 'oversight-when', value: oversight.when }),
        textField({ label: 'How a person overrides an output', name: 'oversight-override', value: oversight.override }),
      ),
    ),
    textArea({ label: 'Conditions', name: 'conditions', value: entry.conditions, rows: 2, hint: 'Needed for "approved with conditions" and "restricted": what users must or must not do.' }),
    textArea({ label: 'Note (why)', name: 'note', rows: 2, hint: 'Recorded with every change in the audit trail.' }),
    h('div', { class: 'actions' }, submit),
  );

  const conditions = form.elements.namedItem('conditions');
  const syncRequired = () => {
    conditions.required = NEEDS_CONDITIONS.has(read(form, 'status'));
  };
  form.elements.namedItem('status').addEventListener('change', syncRequired);
  syncRequired();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = reviewBody(form, entry);
    if (Object.keys(body).length === 0 || (Object.keys(body).length === 1 && body.note)) {
      announce('Nothing changed: the form says what is already recorded.');
      return;
    }
    await whileBusy(submit, async () => {
      try {
        const result = await api(path('/api/systems', system.id, 'review'), { method: 'POST', body, signal });
        const changes = result?.changes?.length ?? 0;
        await onSaved();
        announce(changes ? `Review of ${system.product} saved: ${changes} ${changes === 1 ? 'change' : 'changes'}` : `Review of ${system.product} unchanged`);
      } catch (error) {
        reportError(error);
      }
    });
  });
  return form;
}
