/**
 * The form for a new alert rule: where to deliver (only the chosen channel's fields are shown
 * and sent) and which events to select. Secrets are password inputs and are never shown again.
 */
import { api } from '../api.js';
import { h } from '../dom.js';
import { announce, reportError } from '../status.js';
import { checkbox, checkboxGroup, read, readBoolean, readChecked, selectField, splitList, textField, whileBusy } from '../components/form.js';
import { CATEGORIES, CHANNELS, EVENT_TYPES, RISK_TIERS, SOURCES } from '../vocab.js';

const SECRET_HINT = 'A credential: give the value itself; it is stored encrypted and never shown again (the server needs UNSHADOW_SECRET_KEY).';

/** The fields of each channel, as [field, required]; the groups below are built from the same names. */
const CHANNEL_FIELDS = {
  slack: [['url', true]],
  teams: [['url', true]],
  webhook: [
    ['url', true],
    ['signingSecret', true],
  ],
  email: [
    ['host', true],
    ['port', false],
    ['secure', false],
    ['user', false],
    ['password', false],
    ['from', true],
    ['to', true],
  ],
  file: [['path', true]],
};

function channelGroups() {
  const url = textField({ label: 'Webhook URL', name: 'url', type: 'password', autocomplete: 'off', spellcheck: 'false', hint: `${SECRET_HINT} A Slack or Teams webhook URL is a credential.` });
  return {
    url,
    signingSecret: textField({ label: 'Signing secret', name: 'signingSecret', type: 'password', autocomplete: 'new-password', hint: `${SECRET_HINT} Receivers verify the HMAC-SHA256 signature with it.` }),
    host: textField({ label: 'SMTP host', name: 'host', autocomplete: 'off', spellcheck: 'false' }),
    port: textField({ label: 'SMTP port', name: 'port', type: 'number', min: 1, max: 65535, placeholder: '587', inputmode: 'numeric' }),
    secure: checkbox({ label: 'TLS from the first byte (port 465); otherwise STARTTLS when offered', name: 'secure' }),
    user: textField({ label: 'SMTP user', name: 'user', autocomplete: 'off', spellcheck: 'false' }),
    password: textField({ label: 'SMTP password', name: 'password', type: 'password', autocomplete: 'new-password', hint: SECRET_HINT }),
    from: textField({ label: 'From address', name: 'from', type: 'email', autocomplete: 'off' }),
    to: textField({ label: 'To addresses', name: 'to', autocomplete: 'off', hint: 'Comma-separated.' }),
    path: textField({ label: 'File name', name: 'path', spellcheck: 'false', hint: 'A JSON-lines file name such as siem-alerts.jsonl, written in the folder the operator set aside (UNSHADOW_ALERT_FILE_DIR).' }),
  };
}

/** Hidden fields are disabled as well: the browser skips them in validation and so do we. */
function showChannel(groups, channel) {
  const wanted = new Map(CHANNEL_FIELDS[channel] ?? []);
  for (const [name, group] of Object.entries(groups)) {
    const input = group.querySelector('input');
    group.hidden = !wanted.has(name);
    input.disabled = !wanted.has(name);
    input.required = wanted.get(name) === true;
    const marker = group.querySelector('.required');
    if (marker) marker.hidden = !input.required;
  }
}

function numberOrUndefined(text) {
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function ruleBody(form, channel, connectionsField) {
  const body = { name: read(form, 'name'), channel };
  for (const [field] of CHANNEL_FIELDS[channel]) {
    if (field === 'secure') {
      if (readBoolean(form, 'secure')) body.secure = true;
      continue;
    }
    const value = field === 'url' || field === 'signingSecret' || field === 'password' ? form.elements.namedItem(field).value : read(form, field);
    if (value === '') continue;
    if (field === 'port') body.port = numberOrUndefined(value);
    else if (field === 'to') body.to = splitList(value);
    else body[field] = value;
  }
  const types = readChecked(form, 'types');
  if (types.length) body.types = types;
  const minConfidence = numberOrUndefined(read(form, 'minConfidence'));
  if (minConfidence !== undefined) body.minConfidence = minConfidence;
  const minPriority = numberOrUndefined(read(form, 'minPriority'));
  if (minPriority !== undefined) body.minPriority = minPriority;
  const minTier = read(form, 'minTier');
  if (minTier) body.minTier = minTier;
  const categories = readChecked(form, 'categories');
  if (categories.length) body.categories = categories;
  const sources = readChecked(form, 'sources');
  if (sources.length) body.sources = sources;
  const connections = connectionsField === 'checkboxes' ? readChecked(form, 'connections') : splitList(read(form, 'connections'));
  if (connections.length) body.connections = connections;
  const cooldown = read(form, 'cooldown');
  if (cooldown) body.cooldown = cooldown;
  if (readBoolean(form, 'digest')) body.digest = true;
  return body;
}

/**
 * connectionNames: the names to offer as checkboxes, or null to ask for them as text;
 * linksNote: what the server says when its alerts cannot link back to the console.
 */
export function alertRuleForm({ connectionNames, signal, onAdded, linksNote }) {
  const groups = channelGroups();
  const connectionsField = connectionNames?.length ? 'checkboxes' : 'text';
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Add rule');
  const form = h(
    'form',
    { class: 'form' },
    h(
      'div',
      { class: 'form-grid' },
      textField({ label: 'Rule name', name: 'name', required: true, autocomplete: 'off', spellcheck: 'false' }),
      selectField({ label: 'Channel', name: 'channel', options: Object.entries(CHANNELS) }),
    ),
    h('fieldset', { class: 'group' }, h('legend', {}, 'Delivery'), h('div', { class: 'form-grid' }, Object.values(groups))),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'Which events'),
      checkboxGroup({ legend: 'Event types', name: 'types', options: Object.entries(EVENT_TYPES), hint: 'None checked: every type.' }),
      h(
        'div',
        { class: 'form-grid' },
        textField({ label: 'Minimum confidence', name: 'minConfidence', type: 'number', min: 0, max: 1, step: 0.05, inputmode: 'decimal', hint: '0 to 1: how sure the match must be.' }),
        textField({ label: 'Minimum priority', name: 'minPriority', type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', hint: '0 to 100: the review queue’s triage priority.' }),
        selectField({ label: 'Minimum risk tier', name: 'minTier', options: [['', 'Any tier'], ...Object.entries(RISK_TIERS)] }),
      ),
      checkboxGroup({ legend: 'Categories', name: 'categories', options: Object.entries(CATEGORIES).filter(([code]) => code !== 'unknown'), hint: 'None checked: every category.' }),
      checkboxGroup({ legend: 'Evidence sources', name: 'sources', options: Object.entries(SOURCES), hint: 'None checked: every source.' }),
      connectionsField === 'checkboxes'
        ? checkboxGroup({ legend: 'Connections', name: 'connections', options: connectionNames.map((name) => [name, name]), hint: 'None checked: every connection.' })
        : textField({ label: 'Connections', name: 'connections', hint: 'Comma-separated connection names; empty for every connection.' }),
    ),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'Pace'),
      h('div', { class: 'form-grid' }, textField({ label: 'Cooldown', name: 'cooldown', value: '24h', spellcheck: 'false', hint: 'At most one alert per AI system within this time, e.g. 24h or 7d; 0 for none.' })),
      checkbox({ label: 'Daily digest: one message per day (UTC), sent after midnight', name: 'digest' }),
    ),
    linksNote ? h('p', { class: 'note' }, linksNote) : null,
    h('div', { class: 'actions' }, submit),
  );
  const channel = form.elements.namedItem('channel');
  channel.addEventListener('change', () => showChannel(groups, channel.value));
  showChannel(groups, channel.value);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = ruleBody(form, channel.value, connectionsField);
    await whileBusy(submit, async () => {
      try {
        await api('/api/alerts/rules', { method: 'POST', body, signal });
        form.reset();
        showChannel(groups, channel.value);
        announce(`Alert rule ${body.name} added`);
        await onAdded();
      } catch (error) {
        reportError(error);
      }
    });
  });
  return form;
}
