/**
 * Every rule ngxlint ships, in the order `ngxlint rules` lists them.
 */
import type { RuleModule } from '../src/lint/rule';
import websocketHttpVersion from './websocket-http-version';

export const RULES: readonly RuleModule<any>[] = [websocketHttpVersion];

export function findRule(id: string): RuleModule<any> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
