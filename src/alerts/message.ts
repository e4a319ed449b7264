import type { AlertEvent } from '../domain/alerts.js';

/**
 * The content of an alert, whatever the channel: a title, one entry per event with a link back
 * to its AI system, and the JSON document webhooks and SIEM sinks receive. Pure. Names in events
 * come from SaaS data and are untrusted: each channel escapes them for its own markup.
 */

export interface AlertMessage {
  /** The delivery id: the idempotency key, the same on every retry. */
  id: string;
  rule: string;
  digest: boolean;
  title: string;
  entries: { event: AlertEvent; link?: string; details: string[] }[];
  /** Entries beyond what a chat message shows. */
  omitted: number;
}

/** Events listed in a chat message or e-mail; the JSON body always carries all of them. */
export const SHOWN_EVENTS = 20;

const TYPE_TITLES: Record<AlertEvent['type'], string> = {
  'ai_system.discovered': 'New AI system',
  'ai_system.use_widened': 'AI use widened beyond approval',
  'grant.high_exposure': 'AI app granted high-exposure access',
  'dependency.added': 'AI dependency added',
  'review.overdue': 'AI review overdue',
  'scan.failed': 'Scan failed',
  'incident.opened': 'AI incident opened',
  'network.new_ai_domain': 'AI service reached from the network',
  'endpoint.new_ai_app': 'AI extension or app on managed devices',
};

/** The AI system's page in the console, under UNSHADOW_PUBLIC_URL; none without it (no guess could be right). */
export function systemLink(publicUrl: string | undefined, systemId: string): string | undefined {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/systems/${systemId}` : undefined;
}

const linkOf = (publicUrl: string | undefined, event: AlertEvent) => {
  const link = event.system ? systemLink(publicUrl, event.system.id) : undefined;
  return link ? { link } : {};
};

function details(event: AlertEvent): string[] {
  const e = event.evidence as Record<string, unknown>;
  const lines: string[] = [];
  if (event.system) lines.push(`${event.system.vendor} · ${event.system.category} · confidence ${event.system.confidence}`);
  if (Array.isArray(e.users) && e.users.length) lines.push(`users (${String(e.userCount ?? e.users.length)}): ${(e.users as string[]).slice(0, 5).join(', ')}${e.users.length > 5 ? ', …' : ''}`);
  if (Array.isArray(e.exposure) && e.exposure.length) lines.push(`exposure: ${(e.exposure as string[]).join('; ')}`);
  if (Array.isArray(e.manifests) && e.manifests.length) lines.push(`manifests: ${(e.manifests as string[]).slice(0, 5).join(', ')}`);
  if (Array.isArray(e.reasons) && e.reasons.length && event.type !== 'ai_system.use_widened') lines.push(`why: ${String(e.reasons[0])}`);
  if (event.connection) lines.push(`source: ${event.connection.name} (${event.connection.kind})`);
  return lines;
}

export function buildMessage(input: { id: string; rule: string; digest: boolean; events: readonly AlertEvent[]; publicUrl: string | undefined; test?: boolean }): AlertMessage {
  const { events } = input;
  const first = events[0]!;
  const types = [...new Set(events.map((event) => event.type))];
  const subject = first.system ? `${first.system.product} by ${first.system.vendor}` : (first.connection?.name ?? '');
  const systems = new Set(events.map((event) => event.system?.id).filter(Boolean));
  const title = input.digest
    ? `unshadow daily digest: ${events.length} event${events.length === 1 ? '' : 's'} on ${systems.size} AI system${systems.size === 1 ? '' : 's'}`
    : `${input.test ? 'Test alert · ' : ''}${types.map((type) => TYPE_TITLES[type]).join(' · ')}${subject ? `: ${subject}` : ''}`;
  return {
    id: input.id,
    rule: input.rule,
    digest: input.digest,
    title,
    entries: events.slice(0, SHOWN_EVENTS).map((event) => ({ event, details: details(event), ...linkOf(input.publicUrl, event) })),
    omitted: Math.max(0, events.length - SHOWN_EVENTS),
  };
}

/** The webhook and SIEM document: every event in full. */
export function jsonDocument(message: AlertMessage, events: readonly AlertEvent[], publicUrl: string | undefined) {
  return {
    id: message.id,
    rule: message.rule,
    digest: message.digest,
    title: message.title,
    events: events.map((event) => ({ ...event, ...linkOf(publicUrl, event) })),
  };
}

/** Plain text for e-mail and logs. */
export function plainText(message: AlertMessage): string {
  const lines = [message.title, ''];
  for (const entry of message.entries) {
    lines.push(`• ${entry.event.summary}`, ...entry.details.map((line) => `    ${line}`));
    if (entry.link) lines.push(`    ${entry.link}`);
  }
  if (message.omitted) lines.push(`… and ${message.omitted} more.`);
  lines.push('', `Rule: ${message.rule} · alert ${message.id}`);
  return lines.join('\n');
}
