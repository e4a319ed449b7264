import type { Exposure, ExposureLevel } from './scope-exposure.js';

/**
 * How much a browser extension can see, from its manifest permissions alone (Chrome's
 * permission list: https://developer.chrome.com/docs/extensions/reference/permissions-list).
 * Reading every site's pages or the clipboard is what makes an AI extension a data-exposure
 * risk: whatever a person has open can be sent to the vendor. Pure: normalisers, triage and
 * alerts share it.
 */

interface Rule {
  pattern: RegExp;
  level: Exclude<ExposureLevel, 'none'>;
  what: string;
}

// Host patterns that match every site: <all_urls>, *://*/* and http(s)://*/*.
const ALL_SITES = /^(<all_urls>|\*:\/\/\*\/\*|https?:\/\/\*\/\*|\*:\/\/\*\/?)$/;

const RULES: Rule[] = [
  { pattern: ALL_SITES, level: 'high', what: 'reads and changes every page you visit' },
  { pattern: /^clipboardRead$/, level: 'high', what: 'reads the clipboard' },
  { pattern: /^(debugger|webRequest|webRequestBlocking|declarativeNetRequestWithHostAccess|proxy)$/, level: 'high', what: 'sees or changes all network traffic' },
  { pattern: /^(history|tabCapture|desktopCapture|pageCapture|cookies|management|nativeMessaging)$/, level: 'high', what: 'browsing history, page or screen captures, cookies, other extensions or local programs' },
  { pattern: /^(tabs|activeTab|scripting|contextMenus|clipboardWrite|downloads|bookmarks|identity|identity\.email)$/, level: 'medium', what: 'the page you choose to share, tabs or your account' },
  // A specific site (https://mail.google.com/...) is what the extension reads there.
  { pattern: /^(\*|https?):\/\/[^*/]+\.[^/]+\/.*$|^(\*|https?):\/\/\*\.[^/]+\/.*$/, level: 'medium', what: 'reads the pages of the sites it names' },
  { pattern: /^(storage|unlimitedStorage|alarms|notifications|offscreen|sidePanel|i18n|fontSettings|power|idle)$/, level: 'low', what: 'its own storage, notifications or side panel' },
];

const ORDER: ExposureLevel[] = ['none', 'low', 'medium', 'high'];

export function rateExtensionPermissions(permissions: readonly string[]): Exposure {
  let level: ExposureLevel = 'none';
  const reasons: string[] = [];
  for (const raw of permissions) {
    const permission = raw.trim();
    if (!permission) continue;
    // An unknown permission is not harmless: medium until someone rates it.
    const found = RULES.find((rule) => rule.pattern.test(permission)) ?? { level: 'medium' as const, what: 'an unrated permission' };
    if (ORDER.indexOf(found.level) > ORDER.indexOf(level)) {
      level = found.level;
      reasons.length = 0;
    }
    if (found.level === level) reasons.push(`${permission}: ${found.what}`);
  }
  return { level, reasons };
}

/** The permissions that let an extension read every site or the clipboard: the exposure alerts name. */
export function readsAllSitesOrClipboard(permissions: readonly string[]): string[] {
  return [...new Set(permissions.map((p) => p.trim()).filter((p) => ALL_SITES.test(p) || p === 'clipboardRead'))].sort();
}
