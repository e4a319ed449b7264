/** Scheduled scans: a cron expression per connection, in a time zone; admins add, pause and remove. */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { time } from '../format.js';
import { can } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { confirmDialog } from '../components/dialog.js';
import { read, selectField, textField, whileBusy } from '../components/form.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';

function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
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
    const sure = await confirmDialog({ title: `Remove the schedule of ${schedule.connection}?`, message: `Scans at “${schedule.cron}” (${schedule.timezone}) stop. The connection and its scans stay.`, confirmLabel: 'Remove' });
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
      { type: 'button', class: 'button button--small', 'data-toggle': schedule.id, 'aria-label': `${schedule.paused ? 'Resume' : 'Pause'} schedule of ${schedule.connection} (${schedule.cron})` },
      schedule.paused ? 'Resume' : 'Pause',
    );
    toggle.addEventListener('click', () => act(schedule, toggle, verb));
    const drop = h('button', { type: 'button', class: 'button button--small button--danger', 'aria-label': `Remove schedule of ${schedule.connection} (${schedule.cron})`, onclick: () => remove(schedule) }, 'Remove');
    return h('div', { class: 'row-actions' }, toggle, drop);
  }

  async function load() {
    const { items } = await api('/api/schedules', { signal });
    const columns = [{ label: 'Connection' }, { label: 'When (cron)' }, { label: 'Time zone' }, { label: 'State' }, { label: 'Created' }];
    list.replaceChildren(
      dataTable({
        caption: 'Schedules',
        captionHidden: true,
        columns: admin ? [...columns, { label: 'Actions' }] : columns,
        rows: items.map((s) => {
          const cells = [s.connection, h('code', {}, s.cron), s.timezone, s.paused ? stateBadge('paused', 'paused') : stateBadge('active', 'active'), time(s.createdAt)];
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
    const form = h(
      'form',
      { class: 'form' },
      h(
        'div',
        { class: 'form-grid' },
        selectField({ label: 'Connection', name: 'connection', options: items.map((c) => [c.name, c.name]) }),
        textField({ label: 'Cron expression', name: 'cron', required: true, placeholder: '0 6 * * *', spellcheck: 'false', autocomplete: 'off', hint: 'Minute, hour, day of month, month, day of week: "0 6 * * 1-5" is 06:00 on weekdays.' }),
        textField({ label: 'Time zone', name: 'timezone', required: true, value: browserTimeZone(), spellcheck: 'false', hint: 'An IANA name such as Europe/Berlin or UTC.' }),
      ),
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { connection: read(form, 'connection'), cron: read(form, 'cron'), timezone: read(form, 'timezone') };
      await whileBusy(submit, async () => {
        try {
          await api('/api/schedules', { method: 'POST', body, signal });
          announce(`Schedule of ${body.connection} added`);
          form.elements.namedItem('cron').value = '';
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
    pageHeader('Schedules', 'Scans that run on their own, on a cron schedule.'),
    admin ? null : note('Only the admin role adds, pauses and removes schedules.'),
    section('Scheduled scans', list),
    admin ? section('Add a schedule', form) : null,
  );
}
