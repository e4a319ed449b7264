/**
 * Scheduled scans: each in words ("At 06:00, only on Monday (Europe/London)") with its next and
 * last run. Admins add one from a preset (every day, weekdays, once a week, once a month) or a
 * cron expression, in the browser's time zone unless they choose another, and see what it means
 * before they save it; they also pause and remove schedules.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { DASH, time } from '../format.js';
import { can } from '../session.js';
import { announce, describeError, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { confirmDialog } from '../components/dialog.js';
import { read, selectField, textField, whileBusy } from '../components/form.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { label, SCAN_STATUSES, SCHEDULE_PRESETS, WEEKDAYS } from '../vocab.js';

function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The fields each way of saying "when" needs; the others are hidden and not sent. */
const WHEN_FIELDS = { daily: ['at'], weekdays: ['at'], weekly: ['at', 'weekday'], monthly: ['at', 'dayOfMonth'], custom: ['cron'] };

function lastRun(run) {
  if (!run) return 'Not yet';
  return [stateBadge(run.status, label(SCAN_STATUSES, run.status)), ' ', time(run.startedAt)];
}

/** What the form says, as the API takes it: a preset with its time (and day), or a cron expression. */
function whenOf(form) {
  const how = read(form, 'how');
  const timezone = read(form, 'timezone');
  if (how === 'custom') return { cron: read(form, 'cron'), timezone };
  const when = { preset: how, at: read(form, 'at'), timezone };
  if (how === 'weekly') when.weekday = read(form, 'weekday');
  if (how === 'monthly') when.dayOfMonth = Number(read(form, 'dayOfMonth'));
  return when;
}

export async function render({ signal }) {
  const admin = can('administer');
  const list = h('div');

  async function act(schedule, button, verb) {
    await whileBusy(button, async () => {
      try {
        await api(path('/api/schedules', schedule.id, verb), { method: 'POST', signal });
        announce(`Schedule of ${schedule.connection} ${verb === 'pause' ? 'paused' : 'resumed'}`);
        await load();
        // The row was rebuilt: keep the keyboard on the same schedule's toggle.
        list.querySelector(`button[data-toggle="${CSS.escape(schedule.id)}"]`)?.focus();
      } catch (error) {
        reportError(error);
      }
    });
  }

  async function remove(schedule) {
    const sure = await confirmDialog({ title: `Remove the schedule of ${schedule.connection}?`, message: `Scans ${schedule.reading} stop. The connection and its scans stay.`, confirmLabel: 'Remove' });
    if (!sure) return;
    try {
      await api(path('/api/schedules', schedule.id), { method: 'DELETE', signal });
      announce(`Schedule of ${schedule.connection} removed`);
      await load();
      document.querySelector('main h1')?.focus();
    } catch (error) {
      reportError(error);
    }
  }

  function actions(schedule) {
    const verb = schedule.paused ? 'resume' : 'pause';
    const toggle = h(
      'button',
      { type: 'button', class: 'button button--small', 'data-toggle': schedule.id, 'aria-label': `${schedule.paused ? 'Resume' : 'Pause'} schedule of ${schedule.connection} (${schedule.reading})` },
      schedule.paused ? 'Resume' : 'Pause',
    );
    toggle.addEventListener('click', () => act(schedule, toggle, verb));
    const drop = h('button', { type: 'button', class: 'button button--small button--danger', 'aria-label': `Remove schedule of ${schedule.connection} (${schedule.reading})`, onclick: () => remove(schedule) }, 'Remove');
    return h('div', { class: 'row-actions' }, toggle, drop);
  }

  async function load() {
    const { items } = await api('/api/schedules', { signal });
    const columns = [{ label: 'Connection' }, { label: 'When' }, { label: 'Next run' }, { label: 'Last run' }, { label: 'State' }];
    list.replaceChildren(
      dataTable({
        caption: 'Schedules',
        captionHidden: true,
        columns: admin ? [...columns, { label: 'Actions' }] : columns,
        rows: items.map((s) => {
          const cells = [
            s.connection,
            [h('span', { class: 'block' }, s.reading), h('code', { class: 'muted' }, s.cron)],
            s.paused ? 'Paused' : s.nextRunAt ? time(s.nextRunAt) : DASH,
            lastRun(s.lastRun),
            s.paused ? stateBadge('paused', 'Paused') : stateBadge('active', 'Active'),
          ];
          return admin ? [...cells, actions(s)] : cells;
        }),
        rowHeader: true,
        empty: 'No scheduled scans.',
      }),
    );
  }

  async function addForm() {
    const { items } = await api('/api/connections', { signal });
    if (items.length === 0) return note('Scans are scheduled per connection: ', h('a', { href: '/connections' }, 'add a connection'), ' first.');
    const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Add schedule');
    const preview = h('p', { class: 'schedule-preview', role: 'status', 'aria-live': 'polite' });
    const groups = {
      at: textField({ label: 'At', name: 'at', type: 'time', value: '06:00', required: true, hint: 'In the time zone below.' }),
      weekday: selectField({ label: 'Day of the week', name: 'weekday', value: 'monday', options: Object.entries(WEEKDAYS) }),
      dayOfMonth: textField({ label: 'Day of the month', name: 'dayOfMonth', type: 'number', min: 1, max: 28, value: '1', inputmode: 'numeric', hint: '1 to 28: every month has one.' }),
      cron: textField({ label: 'Cron expression', name: 'cron', placeholder: '0 6 * * 1-5', spellcheck: 'false', autocomplete: 'off', hint: 'Minute, hour, day of month, month, day of week: "0 6 * * 1-5" is 06:00 on weekdays.' }),
    };
    const form = h(
      'form',
      { class: 'form' },
      h(
        'div',
        { class: 'form-grid' },
        selectField({ label: 'Connection', name: 'connection', options: items.map((c) => [c.name, c.name]) }),
        selectField({ label: 'How often', name: 'how', value: 'weekly', options: [...Object.entries(SCHEDULE_PRESETS), ['custom', 'Custom (cron expression)']] }),
        Object.values(groups),
        textField({ label: 'Time zone', name: 'timezone', required: true, value: browserTimeZone(), spellcheck: 'false', hint: 'This browser’s, unless you name another IANA zone such as Europe/Berlin or UTC.' }),
      ),
      preview,
      h('div', { class: 'actions' }, submit),
    );

    function showFields() {
      const wanted = new Set(WHEN_FIELDS[read(form, 'how')] ?? []);
      for (const [name, group] of Object.entries(groups)) {
        group.hidden = !wanted.has(name);
        for (const input of group.querySelectorAll('input, select')) {
          input.disabled = !wanted.has(name);
          input.required = wanted.has(name) && (name === 'at' || name === 'cron');
        }
      }
    }

    // What the schedule means, from the server that will run it: its reading and next run.
    let previewTimer = null;
    let asked = 0;
    async function updatePreview() {
      const mine = ++asked;
      const when = whenOf(form);
      if ((when.cron !== undefined && !when.cron) || (when.preset && !when.at)) {
        preview.textContent = 'Choose when it runs.';
        return;
      }
      try {
        const answer = await api('/api/schedules/preview', { query: when, signal });
        if (mine !== asked) return;
        preview.replaceChildren(h('strong', {}, answer.reading), '. Next run: ', time(answer.nextRuns[0]), ' (your time).');
      } catch (error) {
        if (mine !== asked || error?.name === 'AbortError') return;
        preview.textContent = describeError(error);
      }
    }
    const schedulePreview = () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(updatePreview, 250);
    };
    form.addEventListener('input', schedulePreview);
    form.addEventListener('change', () => {
      showFields();
      schedulePreview();
    });
    signal.addEventListener('abort', () => clearTimeout(previewTimer), { once: true });
    showFields();
    void updatePreview();

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { connection: read(form, 'connection'), ...whenOf(form) };
      await whileBusy(submit, async () => {
        try {
          const added = await api('/api/schedules', { method: 'POST', body, signal });
          announce(`Schedule of ${body.connection} added: ${added.reading}`);
          await load();
        } catch (error) {
          reportError(error);
        }
      });
    });
    return form;
  }

  const [, form] = await Promise.all([load(), admin ? addForm() : null]);
  return h(
    'div',
    { class: 'page' },
    pageHeader('Schedules', 'Scans that run on their own: every day, on weekdays, once a week or a month, or on any cron schedule.'),
    admin ? null : note('Only the admin role adds, pauses and removes schedules.'),
    section('Scheduled scans', list),
    admin ? section('Add a schedule', form) : null,
  );
}
