import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, buildConnector, setGlobalDispatcher } from 'undici';
import { RefusedAddressError, UserError } from '../domain/errors.js';
import { type NetworkPolicy, refusalMessage, refusedRange } from './policy.js';

/**
 * The address policy applied where it cannot be dodged: when a socket connects. A host checked
 * when a rule or connection is added can resolve elsewhere later (DNS rebinding), so every
 * connection is checked again, after resolution, for alerts (node:http) and connectors (fetch).
 */

/** The refusal for a host and address, or undefined when the policy allows it. */
export function refusal(host: string, address: string, policy: NetworkPolicy): string | undefined {
  const range = refusedRange(address, policy);
  return range ? refusalMessage(host, address, range) : undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that refuses addresses outside the policy, for a socket's `lookup` option. */
export function guardedLookup(policy: NetworkPolicy) {
  return (hostname: string, options: object, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      for (const { address } of list) {
        const refused = refusal(hostname, address, policy);
        if (refused) return callback(new RefusedAddressError(refused), []);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Host names arrive bracketed for IPv6 literals in URLs. */
export const bareHost = (host: string): string => host.replace(/^\[|\]$/g, '');

/** For a target being configured: its addresses now, so a refusal is said at once. */
export async function checkHost(host: string, policy: NetworkPolicy, what = 'host'): Promise<void> {
  const name = bareHost(host);
  const addresses = isIP(name)
    ? [name]
    : await dnsLookupAsync(name, { all: true }).then(
        (found) => found.map((a) => a.address),
        () => {
          throw new UserError(`cannot resolve the ${what} ${name}`, 'Check the host name, or configure it where it resolves.');
        },
      );
  for (const address of addresses) {
    const refused = refusal(name, address, policy);
    if (refused) throw new UserError(refused, 'Use a public address; an internal one needs the operator to allow its network.');
  }
}

/**
 * Every fetch() of this process (Octokit, the Graph client, Google's clients, the synthetic
 * connector) goes through undici's global dispatcher: a connector that resolves to a refused
 * address fails before a byte is sent. IP literals skip DNS, so they are checked here too.
 */
export function installOutboundGuard(policy: NetworkPolicy): void {
  const connect = buildConnector({ lookup: guardedLookup(policy) as never });
  setGlobalDispatcher(
    new Agent({
      connect: (options, callback) => {
        const host = bareHost(options.hostname);
        const refused = isIP(host) ? refusal(host, host, policy) : undefined;
        if (refused) return callback(new RefusedAddressError(refused), null);
        return connect(options, callback);
      },
    }),
  );
}
