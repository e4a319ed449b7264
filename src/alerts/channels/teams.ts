import type { AlertMessage } from '../message.js';

/**
 * Adaptive Card TextBlocks render a markdown subset: an app named `[Sign in](https://evil)`
 * would become a link. Markdown characters in untrusted text are backslash-escaped.
 */
export function teamsEscape(text: string): string {
  return text.replace(/([\\`*_~[\]()#>!|-])/g, '\\$1');
}

/** A Teams workflow ("When a Teams webhook request is received") posts Adaptive Cards only. */
export function teamsPayload(message: AlertMessage): Record<string, unknown> {
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: teamsEscape(message.title), weight: 'Bolder', size: 'Medium', wrap: true }];
  const actions: Record<string, unknown>[] = [];
  for (const entry of message.entries) {
    body.push({ type: 'TextBlock', text: teamsEscape(entry.event.summary), weight: 'Bolder', wrap: true, separator: true });
    for (const line of entry.details) body.push({ type: 'TextBlock', text: teamsEscape(line), wrap: true, isSubtle: true, spacing: 'None' });
    if (entry.link && actions.length < 5) actions.push({ type: 'Action.OpenUrl', title: `Open ${entry.event.system?.product ?? 'system'}`.slice(0, 60), url: entry.link });
  }
  if (message.omitted) body.push({ type: 'TextBlock', text: `… and ${message.omitted} more`, wrap: true });
  body.push({ type: 'TextBlock', text: teamsEscape(`rule ${message.rule} · alert ${message.id}`), isSubtle: true, size: 'Small', wrap: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions },
      },
    ],
  };
}
