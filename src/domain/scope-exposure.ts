/**
 * How much data an OAuth grant exposes, from its scopes alone: full mail, files or directory
 * write, and offline access (the app keeps access without the user) are high; calendars,
 * contacts and app-created files medium; sign-in identity low. Pure: triage and alerts reuse it.
 */
/** From least to most exposed: the order is the ranking. */
export const EXPOSURE_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type ExposureLevel = (typeof EXPOSURE_LEVELS)[number];

export interface Exposure {
  level: ExposureLevel;
  /** The scopes that decided the level, each with what it gives access to. */
  reasons: string[];
}

interface Rule {
  pattern: RegExp;
  level: Exclude<ExposureLevel, 'none'>;
  what: string;
}

const RULES: Rule[] = [
  // Google
  { pattern: /^https:\/\/mail\.google\.com\/?$/, level: 'high', what: 'full access to Gmail' },
  { pattern: /\/auth\/gmail\.(readonly|modify|metadata|insert|compose|send|settings\.\w+)$/, level: 'high', what: 'Gmail' },
  { pattern: /\/auth\/drive(\.readonly)?$/, level: 'high', what: 'all Google Drive files' },
  { pattern: /\/auth\/(documents|spreadsheets|presentations)(\.readonly)?$/, level: 'high', what: 'all Docs, Sheets or Slides' },
  { pattern: /\/auth\/admin\.directory\./, level: 'high', what: 'the Workspace directory' },
  { pattern: /\/auth\/cloud-platform$/, level: 'high', what: 'Google Cloud resources' },
  { pattern: /\/auth\/drive\.(file|appdata|metadata\.readonly|metadata)$/, level: 'medium', what: 'some Drive files or their metadata' },
  { pattern: /\/auth\/calendar(\.readonly|\.events(\.readonly)?)?$/, level: 'medium', what: 'calendars' },
  { pattern: /\/auth\/(contacts|directory)(\.readonly|\.other\.readonly)?$/, level: 'medium', what: 'contacts' },
  { pattern: /\/auth\/chat\./, level: 'medium', what: 'Google Chat' },
  { pattern: /^(openid|email|profile)$|\/auth\/userinfo\.(email|profile)$/, level: 'low', what: 'sign-in identity' },
  // Microsoft Graph
  { pattern: /^Mail\.(Read|ReadWrite|Send|ReadBasic)(\.All|\.Shared)?$/i, level: 'high', what: 'mailboxes' },
  { pattern: /^Files\.(Read|ReadWrite)\.All$/i, level: 'high', what: 'all OneDrive and SharePoint files' },
  { pattern: /^Sites\.(Read|ReadWrite|Manage|FullControl)\.All$/i, level: 'high', what: 'all SharePoint sites' },
  { pattern: /^(Directory|User|Group|RoleManagement|Application)\.ReadWrite\.All$/i, level: 'high', what: 'write access to the directory' },
  { pattern: /^(Chat|ChannelMessage|OnlineMeetingTranscript|OnlineMeetingRecording|CallRecords)\.(Read|ReadWrite)(\.All)?$/i, level: 'high', what: 'Teams messages or meeting content' },
  { pattern: /^Notes\.(Read|ReadWrite)(\.All)?$/i, level: 'high', what: 'OneNote notebooks' },
  { pattern: /^offline_access$/i, level: 'high', what: 'access that lasts after the user leaves (offline access)' },
  { pattern: /^Files\.(Read|ReadWrite)(\.AppFolder|\.Selected)?$/i, level: 'medium', what: "the user's own files" },
  { pattern: /^(Calendars|Contacts|Tasks|People)\.(Read|ReadWrite)(\.All|\.Shared)?$/i, level: 'medium', what: 'calendars, contacts or tasks' },
  { pattern: /^(Directory|User|Group)\.Read\.All$/i, level: 'medium', what: 'the directory' },
  { pattern: /^(User\.Read|User\.ReadBasic\.All|openid|email|profile)$/i, level: 'low', what: 'sign-in identity' },
  // GitHub
  { pattern: /^(repo|admin:org|write:org|delete_repo|admin:repo_hook|workflow)$/, level: 'high', what: 'repositories or organisation settings' },
  { pattern: /^(read:org|public_repo|gist)$/, level: 'medium', what: 'organisation membership or public repositories' },
  { pattern: /^(read:user|user:email)$/, level: 'low', what: 'sign-in identity' },
];

const ORDER: ExposureLevel[] = ['none', 'low', 'medium', 'high'];

export function rateScopes(scopes: readonly string[]): Exposure {
  let level: ExposureLevel = 'none';
  const reasons: string[] = [];
  for (const scope of scopes) {
    const rule = RULES.find((candidate) => candidate.pattern.test(scope.trim()));
    // An unknown scope is not harmless: count it as medium until someone rates it.
    const found = rule ?? { level: 'medium' as const, what: 'an unrated permission' };
    if (ORDER.indexOf(found.level) > ORDER.indexOf(level)) {
      level = found.level;
      reasons.length = 0;
    }
    if (found.level === level) reasons.push(`${scope.trim()}: ${found.what}`);
  }
  return { level, reasons };
}
