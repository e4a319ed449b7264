import type { Connector } from '../src/domain/connector.js';
import { syntheticConnector } from './synthetic/index.js';

/** Every connector `connections add` knows, by kind. */
export const CONNECTORS: Record<string, Connector<never>> = {
  [syntheticConnector.kind]: syntheticConnector as Connector<never>,
};
