/**
 * Importing a file from the console: the same imports as `unshadow import`, which cannot run
 * while the server holds the embedded database. The file goes up with a progress bar, the
 * server imports it, and the answer lists the AI systems it is evidence of and every record it
 * skipped, by line.
 */
import { ApiError, path } from '../api.js';
import { h, systemLink, uid } from '../dom.js';
import { count, counted } from '../format.js';
import { announce, describeError, reportError } from '../status.js';
import { read, selectField, textField, whileBusy } from '../components/form.js';
import { optionFields } from '../components/option-fields.js';
import { dataTable } from '../components/table.js';
import { uploadFile } from '../upload.js';

const NEW_CONNECTION = '';
/** Problems listed in the page; the scan keeps them all. */
const SHOWN_PROBLEMS = 200;

const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function sizeText(bytes) {
  if (bytes >= 1024 ** 3) return `${oneDecimal.format(bytes / 1024 ** 3)} GiB`;
  if (bytes >= 1024 ** 2) return `${oneDecimal.format(bytes / 1024 ** 2)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

/** What the file's records are called: rows of an export, lines of a log. */
const unitOf = (kind) => (kind === 'network' ? ['line', 'lines'] : kind === 'expenses' ? ['row', 'rows'] : ['record', 'records']);

function resultView(result) {
  const unit = unitOf(result.kind);
  const sentence = [
    `Imported ${result.file} into ${result.connection}: ${counted(result.records, ...unit)} read, ${count(result.flagged)} AI-related kept as evidence`,
    result.skipped ? `, ${count(result.skipped)} skipped` : '',
    `. ${result.systemsNew ? counted(result.systemsNew, 'new AI system', 'new AI systems') : 'No new AI system'} in the inventory.`,
  ].join('');
  const problems = result.problems.slice(0, SHOWN_PROBLEMS);
  return [
    h('p', { class: 'lede' }, sentence),
    result.systems.length
      ? [
          h('h3', {}, 'AI systems in this file'),
          h(
            'ul',
            { class: 'plain-list upload-systems' },
            result.systems.map((system) => h('li', {}, systemLink(system.id, system.product), ` — ${system.vendor}`, system.new ? [' ', h('span', { class: 'badge badge--info' }, 'New')] : null)),
          ),
        ]
      : h('p', { class: 'muted' }, 'Nothing in it is known as AI.'),
    problems.length
      ? dataTable({
          caption: `${counted(result.problems.length, `${unit[0]} skipped`, `${unit[1]} skipped`)}${result.problems.length > problems.length ? ` (the first ${problems.length} shown; the scan lists them all)` : ''}`,
          columns: [{ label: 'Line', className: 'num' }, { label: 'Problem' }],
          rows: problems.map((problem) => [problem.line ?? problem.at ?? '—', problem.message]),
          className: 'upload-problems',
        })
      : null,
  ];
}

/**
 * `imports` and `maxBytes` from GET /api/imports; `connections()` the connections as GET
 * /api/connections lists them now (an export goes into an existing connection of its kind,
 * replacing what it held).
 */
export function uploadForm({ imports, maxBytes, connections, signal, onImported }) {
  const kinds = new Map(imports.map((item) => [item.kind, item]));
  const fileId = uid('upload-file');
  const fileHint = uid('hint');
  const fileInput = h('input', { id: fileId, type: 'file', name: 'file', required: true, 'aria-describedby': fileHint });
  const kindHint = h('p', { class: 'hint', id: fileHint });
  const optionsArea = h('div', { class: 'group' });
  const into = h('div', { class: 'form-grid' });
  const progressBar = h('progress', { max: 100, value: 0, class: 'upload-progress', 'aria-label': 'Upload progress' });
  const progressText = h('span', {});
  const progress = h('div', { class: 'upload-status', hidden: true }, progressBar, progressText);
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const answer = h('div', { class: 'upload-result', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Upload and import');
  let fields;

  const form = h(
    'form',
    { class: 'form upload-form', novalidate: true },
    h(
      'div',
      { class: 'form-grid' },
      selectField({ label: 'What the file is', name: 'kind', options: imports.map((item) => [item.kind, item.label]) }),
      h('div', { class: 'field' }, h('span', { class: 'label-row' }, h('label', { for: fileId }, 'File'), h('span', { class: 'required', 'aria-hidden': 'true' }, '(required)')), fileInput, kindHint),
    ),
    into,
    optionsArea,
    formError,
    h('div', { class: 'actions' }, submit, progress),
    answer,
  );

  function showKind() {
    const spec = kinds.get(read(form, 'kind'));
    fileInput.accept = spec.accept;
    kindHint.textContent = `${spec.description}. At most ${sizeText(maxBytes)}.`;
    const existing = connections().filter((c) => c.kind === spec.connectionKind).map((c) => c.name);
    const defaultName = spec.defaultConnection ?? 'seats-<vendor>';
    // An export is a complete snapshot of its connection: the one it came from before is the usual choice.
    into.replaceChildren(
      existing.length
        ? selectField({ label: 'Import into', name: 'into', options: [...existing.map((name) => [name, name]), [NEW_CONNECTION, 'A new connection']], hint: 'An export replaces what its connection held; expenses and logs add to it.' })
        : null,
      textField({ label: existing.length ? 'New connection name' : 'Connection name', name: 'newConnection', autocomplete: 'off', placeholder: defaultName, hint: `Created on first use; ${spec.defaultConnection ? `default ${spec.defaultConnection}` : 'default seats-<vendor>, after the list’s vendor'}.` }),
    );
    const choose = form.elements.namedItem('into');
    const showNew = () => {
      form.elements.namedItem('newConnection').closest('.field').hidden = Boolean(choose && choose.value !== NEW_CONNECTION);
    };
    choose?.addEventListener('change', showNew);
    showNew();
    fields = optionFields(spec.fields.filter((field) => field.name !== 'connection'), {
      onEdit: () => {
        if (!fields.invalid()) formError.textContent = '';
      },
    });
    optionsArea.replaceChildren(fields.options.length ? h('details', { class: 'disclosure' }, h('summary', {}, 'Options'), h('div', { class: 'form-grid' }, fields.options)) : '');
    formError.textContent = '';
  }
  form.elements.namedItem('kind').addEventListener('change', showKind);
  showKind();

  function connectionName() {
    const chosen = form.elements.namedItem('into');
    if (chosen && chosen.value !== NEW_CONNECTION) return chosen.value;
    return read(form, 'newConnection');
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    fields.clearErrors();
    const file = fileInput.files?.[0];
    const kind = read(form, 'kind');
    if (!file) {
      formError.textContent = 'File: choose the file to import.';
      fileInput.focus();
      return;
    }
    if (file.size > maxBytes) {
      formError.textContent = `${file.name} is ${sizeText(file.size)}, more than this server's limit for uploads (${sizeText(maxBytes)}). Import it on the server with unshadow import, or ask the operator to raise UNSHADOW_UPLOAD_MAX_MB.`;
      return;
    }
    const query = { ...fields.read().options, filename: file.name, connection: connectionName() || undefined };
    answer.replaceChildren();
    progress.hidden = false;
    progressBar.value = 0;
    progressText.textContent = `Uploading ${file.name}…`;
    await whileBusy(submit, async () => {
      try {
        const result = await uploadFile(path('/api/imports', kind), file, {
          query,
          signal,
          onProgress: (sent, total) => {
            const percent = total ? Math.round((sent / total) * 100) : 0;
            progressBar.value = percent;
            progressText.textContent = sent >= total ? `Uploaded ${file.name}; importing it…` : `Uploading ${file.name}: ${percent}% (${sizeText(sent)} of ${sizeText(total)})`;
          },
        });
        progress.hidden = true;
        answer.replaceChildren(...resultView(result).flat());
        const [one, many] = unitOf(kind);
        announce(`${file.name} imported: ${result.systemsNew ? counted(result.systemsNew, 'new AI system', 'new AI systems') : 'no new AI system'}, ${counted(result.skipped, `${one} skipped`, `${many} skipped`)}.`);
        fileInput.value = '';
        await onImported();
        showKind();
      } catch (error) {
        progress.hidden = true;
        if (error?.name === 'AbortError') return;
        if (error instanceof ApiError && error.fields) {
          optionsArea.querySelector('details')?.setAttribute('open', '');
          const unplaced = fields.showErrors(error.fields);
          formError.textContent = unplaced.length ? unplaced.map(([name, problem]) => `${name}: ${problem}`).join('; ') : 'An option needs attention: see beside it.';
          return;
        }
        formError.textContent = describeError(error);
        reportError(error);
      }
    });
  });
  return form;
}
