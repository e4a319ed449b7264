import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import { rateExtensionPermissions } from '../domain/extension-exposure.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { tokens } from './normalise.js';
import type { OauthMatcher } from './oauth.js';
import { aiWordIn, possibleAi } from './possible-ai.js';
import { label, matched, NO_MATCH } from './result.js';

export type BrowserExtensionMatcher = (input: MatchInputOf<'browser_extension'>) => MatchResult;
export type EndpointAppMatcher = (input: MatchInputOf<'endpoint_app'>) => MatchResult;

/** A name judged by someone else's matcher is less certain than an id the store assigned. */
const NAME_CEILING = 0.85;

function capped(result: MatchResult, what: string): MatchResult {
  if (!result.match) return result;
  const confidence = Math.min(result.match.confidence, NAME_CEILING);
  return { flagged: result.flagged, match: { ...result.match, confidence, reasons: result.match.reasons.map((reason) => `${what}: ${reason}`) } };
}

/**
 * Browser extensions: the store id is certain (Chrome and Edge share Chrome Web Store ids);
 * otherwise the extension's name is judged like an app name, and an unknown one whose name says
 * AI is possible AI, ranked up when it may read every site or the clipboard.
 */
export function compileBrowserExtensionMatcher(catalog: Catalog, oauth: OauthMatcher): BrowserExtensionMatcher {
  const ids = new Map<string, CatalogEntry>();
  for (const entry of catalog.entries) for (const extension of entry.fingerprints.extensions) ids.set(extension.id.trim().toLowerCase(), entry);

  return (extension) => {
    const id = extension.extensionId?.trim().toLowerCase() ?? '';
    const byId = id ? ids.get(id) : undefined;
    if (byId) return matched(byId, 0.99, [`browser extension ${id}${extension.name ? ` ('${extension.name}')` : ''} is ${label(byId)}'s own extension`]);
    const name = extension.name?.trim();
    if (!name) return NO_MATCH;
    const byName = oauth({ provider: 'google', appName: name, scopes: [] });
    if (byName.match?.catalogId) return capped(byName, `extension '${name}'`);
    const word = aiWordIn(tokens(name));
    if (!word) return NO_MATCH;
    const signals = [`browser extension '${name}' has '${word}' in its name, and no catalog entry knows it`];
    const exposure = rateExtensionPermissions(extension.permissions ?? []);
    if (exposure.level === 'high') signals.push(`its permissions reach what a person has open: ${exposure.reasons.join('; ')}`);
    return possibleAi(name, name, signals);
  };
}

/** Words installers add to an app's name that do not change which app it is. */
const INSTALL_NOISE = new Set(['VERSION', 'X64', 'X86', 'ARM64', 'USER', 'MACHINE', 'SETUP', 'DESKTOP', 'APP', 'FOR', 'WINDOWS', 'MACOS', 'MAC', 'BETA', 'PREVIEW', 'INSIDERS']);
const VERSION_TOKEN = /^\d+$/;

/** "Ollama version 0.5.7", "Cursor (User)", "LM Studio 0.3.5 (x64)" → the app's own words. */
export function appNameKey(name: string): string {
  return tokens(name)
    .filter((token) => !INSTALL_NOISE.has(token) && !VERSION_TOKEN.test(token))
    .join(' ');
}

/**
 * Desktop and mobile apps found on managed devices: a bundle or package id is certain; an app
 * name counts when, without versions and installer words, it is the catalog's name for that
 * platform (publisher agreeing raises it). An app that only hosts the product as a feature
 * (Raycast) is a weaker signal. An unknown app whose name says AI is possible AI.
 */
export function compileEndpointAppMatcher(catalog: Catalog): EndpointAppMatcher {
  const ids = new Map<string, CatalogEntry>();
  const names = new Map<string, { entry: CatalogEntry; publisher?: string; feature: boolean }>();
  for (const entry of catalog.entries) {
    for (const app of entry.fingerprints.desktopApps) {
      if (app.id) ids.set(app.id.trim().toLowerCase(), entry);
      if (app.name) {
        const key = appNameKey(app.name);
        if (key && !names.has(key)) names.set(key, { entry, ...(app.publisher ? { publisher: app.publisher } : {}), feature: app.feature === true });
      }
    }
  }

  return (app) => {
    const bundle = app.bundleId?.trim().toLowerCase() ?? '';
    const byId = bundle ? ids.get(bundle) : undefined;
    if (byId) return matched(byId, 0.99, [`app ${bundle} is ${label(byId)}`]);
    const name = app.name?.trim() ?? '';
    const key = appNameKey(name);
    const byName = key ? names.get(key) : undefined;
    if (byName) {
      const publisherAgrees = Boolean(byName.publisher && app.publisher && tokens(app.publisher)[0] === tokens(byName.publisher)[0]);
      const reasons = [`installed app '${name}' is the desktop app of ${label(byName.entry)}`];
      if (publisherAgrees) reasons.push(`its publisher '${app.publisher}' is the vendor`);
      if (byName.feature) {
        reasons.push(`${name} offers ${byName.entry.product} as one feature among others: installed is not the same as used`);
        return matched(byName.entry, 0.6, reasons);
      }
      return matched(byName.entry, publisherAgrees ? 0.95 : 0.85, reasons);
    }
    const word = aiWordIn(tokens(name));
    return word ? possibleAi(app.publisher ?? name, name, [`installed app '${name}' has '${word}' in its name, and no catalog entry knows it`]) : NO_MATCH;
  };
}
