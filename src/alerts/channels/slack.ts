import type { AlertMessage } from '../message.js';

/** Slack mrkdwn treats &, < and > as markup: escaped, an app named `<!channel>` pings no one. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Block Kit: a header, a section per event with a button back to the AI system, a context line. */
export function slackPayload(message: AlertMessage): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: message.title.slice(0, 150), emoji: false } }];
  for (const entry of message.entries) {
    const text = [`*${slackEscape(entry.event.summary)}*`, ...entry.details.map(slackEscape)].join('\n').slice(0, 3000);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text },
      ...(entry.link ? { accessory: { type: 'button', text: { type: 'plain_text', text: 'Open in unshadow' }, url: entry.link, action_id: `open-${entry.event.id}` } } : {}),
    });
  }
  if (message.omitted) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `… and ${message.omitted} more` } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`rule ${message.rule} · alert ${message.id}`) }] });
  return { text: message.title, blocks };
}
