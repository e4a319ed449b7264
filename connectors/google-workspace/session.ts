import { admin, type admin_directory_v1, type admin_reports_v1 } from '@googleapis/admin';
import type { ConnectorRuntime } from '../../src/domain/connector.js';
import { credentialFingerprint, DelegatedJwt, parseServiceAccountKey, type ServiceAccountKey } from './auth.js';
import { DEFAULT_API_ROOT, DEFAULT_LICENSING_ROOT, type GoogleWorkspaceOptions, quotaCatchUpMs } from './options.js';
import { Pacer } from './pacer.js';

/** How long one Admin SDK request may take, whichever client sends it. */
export const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The clients of one connection, kept between pages in the same process so the access token
 * and the pacer's learned rate survive from one page to the next. Keyed by a hash of the
 * credentials and endpoints (no secret is kept as a key).
 */
export class GoogleSession {
  readonly pacer: Pacer;
  private readonly auths = new Map<string, DelegatedJwt>();
  private readonly directories = new Map<string, admin_directory_v1.Admin>();
  private reportsClient: admin_reports_v1.Admin | undefined;

  constructor(
    readonly key: ServiceAccountKey,
    public options: GoogleWorkspaceOptions,
  ) {
    this.pacer = new Pacer(options.requestsPerSecond, quotaCatchUpMs(options));
  }

  /** An auth client whose token carries exactly `scopes` (one missing delegation fails only its users). */
  auth(scopes: readonly string[]): DelegatedJwt {
    const id = [...scopes].sort().join(' ');
    let client = this.auths.get(id);
    if (!client) {
      client = new DelegatedJwt(this.key, scopes, this.options.adminEmail, this.options.tokenUrl);
      this.auths.set(id, client);
    }
    return client;
  }

  directory(scopes: readonly string[]): admin_directory_v1.Admin {
    const id = [...scopes].sort().join(' ');
    let client = this.directories.get(id);
    if (!client) {
      client = admin({ version: 'directory_v1', auth: this.auth(scopes), rootUrl: `${this.options.apiRoot}/`, retry: false, timeout: REQUEST_TIMEOUT_MS });
      this.directories.set(id, client);
    }
    return client;
  }

  reports(scopes: readonly string[]): admin_reports_v1.Admin {
    this.reportsClient ??= admin({ version: 'reports_v1', auth: this.auth(scopes), rootUrl: `${this.options.apiRoot}/`, retry: false, timeout: REQUEST_TIMEOUT_MS });
    return this.reportsClient;
  }

  /** The Licensing API root: its own host on Google's cloud, apiRoot for anything else. */
  get licensingRoot(): string {
    return this.options.apiRoot === DEFAULT_API_ROOT ? DEFAULT_LICENSING_ROOT : this.options.apiRoot;
  }
}

const sessions = new Map<string, GoogleSession>();
const MAX_SESSIONS = 64;

export function sessionFor(runtime: ConnectorRuntime<GoogleWorkspaceOptions>): GoogleSession {
  const key = parseServiceAccountKey(runtime.secrets.keyFile);
  const { adminEmail, apiRoot, tokenUrl, customer } = runtime.options;
  const id = credentialFingerprint(key, adminEmail, apiRoot, tokenUrl, customer);
  let session = sessions.get(id);
  if (!session) {
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    session = new GoogleSession(key, runtime.options);
    sessions.set(id, session);
  } else {
    session.options = runtime.options;
    session.pacer.setLimits(runtime.options.requestsPerSecond, quotaCatchUpMs(runtime.options));
  }
  return session;
}

/** Forgets cached tokens and pacers (tests; a rotated key gets a new session anyway). */
export function resetGoogleWorkspaceSessions(): void {
  sessions.clear();
}
