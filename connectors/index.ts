import type { Connector } from '../src/domain/connector.js';
import { githubConnector } from './github/index.js';
import { googleWorkspaceConnector } from './google-workspace/index.js';
import { microsoft365Connector } from './microsoft365/index.js';
import { syntheticConnector } from './synthetic/index.js';

/** Every connector `connections add` knows, by kind. */
export const CONNECTORS: Record<string, Connector<never>> = {
  [githubConnector.kind]: githubConnector as Connector<never>,
  [googleWorkspaceConnector.kind]: googleWorkspaceConnector as Connector<never>,
  [microsoft365Connector.kind]: microsoft365Connector as Connector<never>,
  [syntheticConnector.kind]: syntheticConnector as Connector<never>,
};
