import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import type { Dispatcher } from 'undici';
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

/** An undici agent whose every connection is checked against the policy after DNS resolution; IP literals skip DNS, so they are checked here too. */
function guardedAgent(policy: NetworkPolicy): Dispatcher {
  const { Agent, buildConnector } = createRequire(import.meta.url)('undici') as typeof import('undici');
  const connect = buildConnector({ lookup: guardedLookup(policy) as never });
  return new Agent({
    connect: (options, callback) => {
      const host = bareHost(options.hostname);
      const refused = isIP(host) ? refusal(host, host, policy) : undefined;
      if (refused) return callback(new RefusedAddressError(refused), null);
      return connect(options, callback);
    },
  });
}

/**
 * Where every fetch() of this process, Node's own and the undici package's, takes its dispatcher
 * from: the slot undici's setGlobalDispatcher writes (version 1 of that contract).
 */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Every fetch() of this process (Octokit, the Graph client, Google's clients, the synthetic
 * connector) goes through the guarded agent: a connector that resolves to a refused address
 * fails before a byte is sent. The agent, and undici with it, is made at the first request:
 * loading undici is a fifth of a short command's start, and most commands make no request.
 * Until then the slot holds a dispatcher that makes it; a failure to make it fails the request.
 */
export function installOutboundGuard(policy: NetworkPolicy): void {
  let agent: Dispatcher | undefined;
  const dispatcher: Pick<Dispatcher, 'dispatch'> = {
    dispatch: (options, handler) => (agent ??= guardedAgent(policy)).dispatch(options, handler),
  };
  // The attributes undici's setGlobalDispatcher gives the slot, so either may write it again.
  Object.defineProperty(globalThis, GLOBAL_DISPATCHER, { value: dispatcher, writable: true, enumerable: false, configurable: false });
}
