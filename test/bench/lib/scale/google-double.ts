/**
 * A Google Admin SDK double for the scale benchmark: the OAuth token endpoint, the Directory API
 * (users.list, tokens.list), the Enterprise License Manager API (licenseAssignments
 * .listForProduct) and the Reports API (activities.list of the token application), ENFORCING:
 *
 * - Directory API: 2,400 queries per minute per user per Google Cloud project, the default of
 *   "Directory API: Limits and Quotas" (https://developers.google.com/workspace/admin/directory/v1/limits,
 *   reason userRateLimitExceeded); "user" is the admin the service account impersonates. Beyond it:
 *   403 with the body of ../shared/api-shapes/google.error-rate-limited.json (reason
 *   rateLimitExceeded, status PERMISSION_DENIED), no Retry-After (Google asks for exponential
 *   backoff). The 429 "concurrent requests per Workspace account" limit on the same page has no
 *   number, so it is not enforced. users.list returns at most 500 users a page.
 * - Enterprise License Manager API: 1 query per second (the "QPS quota is 1" of
 *   https://developers.google.com/workspace/admin/licensing/v1/limits); beyond it 503, as that
 *   page says quota errors come back. That page also says maxResults is at most 100 while the
 *   listForProduct reference says 1,000; the double follows the reference (the connector asks for
 *   1,000) and notes the conflict here.
 * - Reports API: its limits page (https://developers.google.com/workspace/admin/reports/v1/limits)
 *   gives no number, so it is counted, not limited.
 *
 * Every time limit is divided by the speed-up: 2,400 per (60 s / speed-up), and so on. A
 * sliding window is the strict reading of "per minute": no burst across a minute boundary gets
 * twice the quota through. Refused requests use no quota.
 */
import { GEMINI, GoogleDomain } from './google-domain.js';
import { SlidingWindow } from './limits.js';
import { hash, type Sizes } from './organisation.js';
import { type Answer, type DoubleStats, newStats, RepeatTracker, type Request, serve } from './server.js';

export const GOOGLE_LIMITS = { directoryPerMinute: 2400, licensingPerSecond: 1 } as const;

export function googleQuota(speedup: number) {
  return {
    documented: '2,400 queries/min per user per project, Directory API (developers.google.com/workspace/admin/directory/v1/limits); 1 query/s, Licensing API',
    perSecond: (GOOGLE_LIMITS.directoryPerMinute / 60) * speedup,
    licensingPerSecond: GOOGLE_LIMITS.licensingPerSecond * speedup,
    scaled: `2,400 Directory queries per ${(60 / speedup).toFixed(2).replace(/\.?0+$/, '')} s (${((GOOGLE_LIMITS.directoryPerMinute / 60) * speedup).toLocaleString('en')}/s); Licensing ${GOOGLE_LIMITS.licensingPerSecond * speedup}/s`,
    unit: 'queries',
  };
}

const directoryRefusal = {
  error: {
    code: 403,
    message: "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com' for consumer 'project_number:123456789012'.",
    errors: [{ message: "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com' for consumer 'project_number:123456789012'.", domain: 'usageLimits', reason: 'rateLimitExceeded' }],
    status: 'PERMISSION_DENIED',
  },
};

const licensingRefusal = {
  error: {
    code: 503,
    message: "Quota exceeded for quota metric 'Queries' and limit 'Queries per second' of service 'licensing.googleapis.com' for consumer 'project_number:123456789012'.",
    errors: [{ message: 'Quota exceeded', domain: 'usageLimits', reason: 'rateLimitExceeded' }],
    status: 'UNAVAILABLE',
  },
};

const USER_PAGE = 500;
const LICENCE_PAGE = 1000;
const ACTIVITY_PAGE = 1000;

/** `users(id,primaryEmail)` → the fields asked for inside `users`, or undefined for all of them. */
function userFields(fields: string | null): Set<string> | undefined {
  const inner = fields ? /users\(([^)]*)\)/.exec(fields)?.[1] : undefined;
  return inner ? new Set(inner.split(',').map((field) => field.trim())) : undefined;
}

export async function startGoogleDouble(size: Sizes, speedup: number, latencyMs = 0) {
  const domain = new GoogleDomain(size);
  const stats: DoubleStats & { directory: number; licensing: number; reports: number; licensingThrottled: number; tokenExchanges: number } = { ...newStats(), directory: 0, licensing: 0, reports: 0, licensingThrottled: 0, tokenExchanges: 0 };
  const repeats = new RepeatTracker();
  /** Per impersonated user (the access token's subject). */
  const directoryQuota = new Map<string, SlidingWindow>();
  const licensingQuota = new SlidingWindow(GOOGLE_LIMITS.licensingPerSecond, 1000 / speedup);
  const subjects = new Map<string, string>();
  const holders = GEMINI.map((_, p) => domain.geminiHolders(p));

  const error = (status: number, message: string): Answer => ({ status, body: { error: { code: status, message, errors: [{ message, domain: 'global', reason: status === 404 ? 'notFound' : 'invalid' }] } } });

  const user = (u: number, fields: Set<string> | undefined) => {
    const full: Record<string, unknown> = {
      kind: 'admin#directory#user',
      id: domain.userId(u),
      etag: `"${hash(80, u).toString(36)}"`,
      primaryEmail: domain.email(u),
      name: { givenName: 'User', familyName: String(u), fullName: `User ${u}` },
      isAdmin: u === 0,
      suspended: domain.suspended(u),
      archived: domain.archived(u),
      customerId: domain.customerId,
      orgUnitPath: '/',
    };
    if (!fields) return full;
    return Object.fromEntries(Object.entries(full).filter(([key]) => fields.has(key)));
  };

  const directory = (request: Request, segments: string[]): Answer => {
    const { url } = request;
    if (segments.length === 1) {
      const start = Number(url.searchParams.get('pageToken') ?? '0') || 0;
      const max = Math.min(USER_PAGE, Math.max(1, Number(url.searchParams.get('maxResults') ?? '100') || 100));
      const end = Math.min(domain.users, start + max);
      const fields = userFields(url.searchParams.get('fields'));
      const users = [];
      for (let u = start; u < end; u++) users.push(user(u, fields));
      return { status: 200, body: { kind: 'admin#directory#users', etag: `"users-${start}"`, users, ...(end < domain.users ? { nextPageToken: String(end) } : {}) } };
    }
    if (segments.length === 3 && segments[2] === 'tokens') {
      const u = domain.userIndex(decodeURIComponent(segments[1]!));
      if (u < 0) return error(404, 'Resource Not Found: userKey');
      const items = [...domain.tokensOf(u)].map((app) => {
        const entry = domain.apps[app]!;
        return { kind: 'admin#directory#token', etag: `"${hash(81, u, app).toString(36)}"`, clientId: entry.clientId, displayText: entry.name, anonymous: false, nativeApp: entry.nativeApp, userKey: domain.userId(u), scopes: entry.scopes };
      });
      return { status: 200, body: { kind: 'admin#directory#tokenList', etag: `"${hash(82, u).toString(36)}"`, ...(items.length ? { items } : {}) } };
    }
    return error(404, 'Not Found');
  };

  const licensing = (request: Request, productId: string): Answer => {
    const { url } = request;
    const p = GEMINI.findIndex((product) => product.productId === productId);
    if (p < 0) return error(400, 'Invalid productId');
    const customer = url.searchParams.get('customerId');
    if (customer !== domain.customerId && customer !== 'scale.example') return error(400, 'Invalid customerId');
    const start = Number(url.searchParams.get('pageToken') ?? '0') || 0;
    const max = Math.min(LICENCE_PAGE, Math.max(1, Number(url.searchParams.get('maxResults') ?? '100') || 100));
    const product = GEMINI[p]!;
    const list = holders[p]!;
    const end = Math.min(list.length, start + max);
    const items = list.slice(start, end).map((u) => ({
      kind: 'licensing#licenseAssignment',
      etags: `"${hash(83, p, u).toString(36)}"`,
      selfLink: `${url.origin}/apps/licensing/v1/product/${product.productId}/sku/${product.skuId}/user/${domain.email(u)}`,
      userId: domain.email(u),
      productId: product.productId,
      productName: product.productName,
      skuId: product.skuId,
      skuName: product.skuName,
    }));
    return { status: 200, body: { kind: 'licensing#licenseAssignmentList', etag: `"licences-${p}-${start}"`, items, ...(end < list.length ? { nextPageToken: String(end) } : {}) } };
  };

  /** Consents since startTime: one user in 200 authorised one of their apps lately. */
  const reports = (request: Request): Answer => {
    const { url } = request;
    const start = Number(url.searchParams.get('pageToken') ?? '0') || 0;
    const authorising: number[] = [];
    for (let u = 0; u < domain.users; u++) if (hash(84, u) % 200 === 0 && domain.tokensOf(u).length) authorising.push(u);
    const end = Math.min(authorising.length, start + ACTIVITY_PAGE);
    const items = authorising.slice(start, end).map((u) => {
      const app = domain.apps[domain.tokensOf(u)[0]!]!;
      return {
        kind: 'admin#reports#activity',
        id: { time: new Date().toISOString(), uniqueQualifier: String(hash(85, u)), applicationName: 'token', customerId: domain.customerId },
        actor: { email: domain.email(u), profileId: domain.userId(u) },
        events: [{ type: 'auth', name: 'authorize', parameters: [{ name: 'client_id', value: app.clientId }, { name: 'app_name', value: app.name }, { name: 'scope', multiValue: app.scopes }] }],
      };
    });
    return { status: 200, body: { kind: 'admin#reports#activities', items, ...(end < authorising.length ? { nextPageToken: String(end) } : {}) } };
  };

  const handler = (request: Request): Answer => {
    const { url } = request;
    if (request.method === 'POST' && url.pathname === '/token') {
      stats.tokenExchanges++;
      const form = new URLSearchParams(request.body.toString());
      const assertion = form.get('assertion') ?? '';
      let subject = '';
      try {
        subject = String((JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString()) as { sub?: unknown }).sub ?? '');
      } catch {
        // an unreadable assertion is refused below
      }
      if (!subject) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      const token = `ya29.scale-${stats.tokenExchanges}`;
      subjects.set(token, subject);
      return { status: 200, body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
    }
    const subject = subjects.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!subject) return { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } };
    const now = performance.now();
    stats.requests++;
    stats.firstAt ??= Date.now();
    stats.lastAt = Date.now();
    const path = url.pathname;
    let answer: Answer;
    if (path.startsWith('/admin/directory/v1/users')) {
      const segments = path.slice('/admin/directory/v1/'.length).split('/').filter(Boolean);
      const route = segments.length === 3 ? 'tokens.list' : 'users.list';
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
      let window = directoryQuota.get(subject);
      if (!window) directoryQuota.set(subject, (window = new SlidingWindow(GOOGLE_LIMITS.directoryPerMinute, 60_000 / speedup)));
      if (window.admit(now) > 0) {
        stats.throttled++;
        return { status: 403, body: directoryRefusal };
      }
      stats.directory++;
      answer = directory(request, segments);
    } else if (path.startsWith('/apps/licensing/v1/product/')) {
      stats.byRoute['licenseAssignments.listForProduct'] = (stats.byRoute['licenseAssignments.listForProduct'] ?? 0) + 1;
      if (licensingQuota.admit(now) > 0) {
        stats.throttled++;
        stats.licensingThrottled++;
        return { status: 503, body: licensingRefusal };
      }
      stats.licensing++;
      answer = licensing(request, decodeURIComponent(path.split('/')[5] ?? ''));
    } else if (path === '/admin/reports/v1/activity/users/all/applications/token') {
      stats.byRoute['activities.list'] = (stats.byRoute['activities.list'] ?? 0) + 1;
      stats.reports++;
      answer = reports(request);
    } else {
      // An API this double does not serve (the connector may have grown a stream): counted by name, so the report shows it.
      const route = `not served: ${path.split('/').slice(0, 4).join('/')}`;
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
      return error(404, 'Not Found');
    }
    stats.counted++;
    stats.units++;
    if (answer.status < 400) repeats.note(stats, path + url.search);
    return answer;
  };

  const served = await serve(handler, { latencyMs: latencyMs / speedup, bench: () => stats });
  return { ...served, stats, summary: domain.summary() };
}
