/**
 * What network, browser-extension and desktop-app evidence says about one AI system, summed
 * for triage and roles: who and how many devices use it, how much was uploaded to it, whether
 * it was only ever blocked (attempted use), whether software calls its API, and which
 * extension permissions reach every page or the clipboard.
 */
export interface EndpointSignals {
  /** Distinct people in the network logs and on the devices that have its app. */
  people: number;
  /** Distinct devices (network logs without a user, devices with its app or extension). */
  devices: number;
  requests: number;
  /** Requests the proxy or resolver blocked. */
  blocked: number;
  /** Bytes sent to it: the data-exposure signal of network logs. */
  uploadBytes: number;
  /** Hosts of its API that software called (api.<vendor>): the organisation builds with it. */
  apiHosts: string[];
  /** Permissions of its browser extensions that read every site or the clipboard. */
  extensionPermissions: string[];
}

/** First labels that name an API rather than a web front: api, api2, api-eu, foo-api, inference. */
const API_LABEL = /^(api|api[0-9]+|api-[a-z0-9-]+|[a-z0-9-]+-api|inference|[a-z0-9-]+-runtime|generativelanguage)$/;

/** Is this host an API endpoint by its name (api.openai.com, bedrock-runtime…)? */
export function isApiHostName(host: string): boolean {
  const dot = host.indexOf('.');
  return dot > 0 && API_LABEL.test(host.slice(0, dot));
}
