/**
 * Every rule ngxlint ships, in the order `ngxlint rules` lists them.
 */
import type { RuleModule } from '../src/lint/rule';
import proxySetHeaderInheritance from './proxy-set-header-inheritance';
import undefinedVariable from './undefined-variable';
import websocketConnectionHeader from './websocket-connection-header';
import websocketHttpVersion from './websocket-http-version';
import websocketProxyPassScheme from './websocket-proxy-pass-scheme';
import websocketReadTimeout from './websocket-read-timeout';
import websocketUpgradeHeader from './websocket-upgrade-header';
import websocketUpgradeSmuggling from './websocket-upgrade-smuggling';

export const RULES: readonly RuleModule<any>[] = [
  websocketHttpVersion,
  websocketUpgradeHeader,
  websocketConnectionHeader,
  undefinedVariable,
  proxySetHeaderInheritance,
  websocketProxyPassScheme,
  websocketUpgradeSmuggling,
  websocketReadTimeout,
];

export function findRule(id: string): RuleModule<any> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
