/**
 * websocket-upgrade-smuggling: `proxy_set_header Upgrade $http_upgrade` forwards any upgrade.
 *
 * The line every WebSocket guide shows passes the client's Upgrade header as it is: `websocket`,
 * but also `h2c` or anything else. Once the backend answers 101, nginx only copies bytes both ways;
 * a backend that accepts `h2c` then serves any request sent on that tunnel, and nginx's routing and
 * per-location rules (allow/deny, auth_request, limit_req …) never see them. nginx treats this as
 * working as designed (nginx/nginx#1472, closed "won't fix") and points to a map that passes only
 * `websocket`.
 *
 * Noise: the line is in nearly every WebSocket config, so it is reported only where the tunnel gains
 * something nginx does not already give — access rules elsewhere in the server guarding the same
 * backend, or backend paths nginx does not proxy at all — unless `always` is set. Once per
 * proxy_set_header line (not per location inheriting it), as a warning, with a suggestion and no
 * automatic fix: the map changes what reaches the backend.
 */
import { quoteAs } from '../src/fix/fixer';
import { checkedOptions, lazySchema, type RuleModule } from '../src/lint/rule';
import { ancestry, enclosing, firstDirectiveNamed, lineRef, walkLevels, type Level, type ModelDirective } from '../src/model/config-model';
import { effectiveArrayLevel } from '../src/model/inheritance';
import { locationPath, proxyPassOf } from '../src/model/websocket';
import { definedVariables, mapsFromVariable } from '../src/model/variables';
import type { DirectiveNode } from '../src/parse/ast';

export interface Options {
  /** Report every `$http_upgrade` line, also where the tunnel reaches nothing nginx does not serve. */
  always: boolean;
}

const optionsSchema = lazySchema((z) => z.object({ always: z.boolean().default(false) }).strict());

const HTTP_UPGRADE = /\$(?:\{http_upgrade\}|http_upgrade(?!\w))/;
const HTTP_UPGRADE_GLOBAL = /\$(?:\{http_upgrade\}|http_upgrade(?!\w))/g;

/** Directives that restrict who reaches what: what a tunnel past nginx escapes. */
function isAccessRule(d: ModelDirective): boolean {
  // The first argument is read (and lower-cased) only for the names that need it: this is asked of
  // every directive of a server's other locations.
  switch (d.node.name) {
    case 'allow':
    case 'deny':
    case 'limit_except':
    case 'limit_req':
    case 'internal':
      return true;
    case 'auth_basic':
    case 'auth_request':
    case 'auth_jwt':
    case 'auth_digest':
      return firstArgument(d) !== 'off';
    case 'modsecurity':
    case 'app_protect_enable':
      return firstArgument(d) === 'on';
    case 'return':
      return ['401', '403', '404', '444'].includes(firstArgument(d));
    default:
      return false;
  }
}

/** The first argument, lower-case ('' when there is none). */
function firstArgument(d: ModelDirective): string {
  return (d.args[0] ?? '').toLowerCase();
}

/** `scheme://host:port` of a proxy_pass URL (lower-case), and its URI part; undefined host for variables. */
function splitTarget(url: string): { host?: string; uri: string } {
  const match = /^[a-z]+:\/\/([^/]*)(.*)$/i.exec(url);
  if (!match || match[1].includes('$')) return { uri: '' };
  return { host: match[1].toLowerCase(), uri: match[2] };
}

function isCatchAll(location: Level): boolean {
  const args = location.opener?.args ?? [];
  return (args.length === 1 && args[0] === '/') || (args.length === 2 && args[0] === '^~' && args[1] === '/');
}

/** Why a tunnel opened through `user` escapes nginx, or undefined when it reaches nothing new. */
type Reason =
  | { kind: 'accessRule'; rule: ModelDirective; backend: string }
  | { kind: 'unrouted'; backend: string; path: string };

function reasonFor(user: Level, model: { root: Level }): Reason | undefined {
  const location = enclosing(user, 'location');
  if (!location) return undefined;
  const pass = proxyPassOf(location);
  if (!pass) return undefined;
  const target = splitTarget(pass.args[0] ?? '');
  const backend = target.host ?? (pass.args[0] ?? 'the backend');
  const sameBackend = (other: ModelDirective | undefined): boolean => {
    if (!other) return true; // a location that proxies nowhere hides a path of whatever serves it otherwise
    const host = splitTarget(other.args[0] ?? '').host;
    return !host || !target.host || host === target.host;
  };
  const scope = enclosing(location, 'server') ?? model.root;
  const chain = new Set(ancestry(location));

  // Access rules of other locations in front of the same backend: the tunnel skips them.
  for (const level of walkLevels(scope)) {
    if (level.kind !== 'location' || chain.has(level)) continue;
    if (!sameBackend(proxyPassOf(level))) continue;
    for (const l of walkLevels(level)) {
      if (l !== level && l.kind === 'location') continue; // nested locations are visited on their own
      const rule = l.directives.find(isAccessRule);
      if (rule) return { kind: 'accessRule', rule, backend };
    }
  }

  // Backend paths nginx does not proxy: reachable only through the tunnel.
  const wholeBackend = (l: Level, d: ModelDirective): boolean => {
    const t = splitTarget(d.args[0] ?? '');
    return !!t.host && t.host === target.host && (t.uri === '' || t.uri === '/') && (isCatchAll(l) || t.uri === '/');
  };
  if (!target.host) return { kind: 'unrouted', backend, path: locationPath(location) };
  if (wholeBackend(location, pass)) return undefined;
  for (const level of walkLevels(scope)) {
    if (level.kind !== 'location' || !isCatchAll(level)) continue;
    const other = proxyPassOf(level);
    if (other && wholeBackend(level, other)) return undefined;
  }
  return { kind: 'unrouted', backend, path: locationPath(location) };
}

const rule: RuleModule<Options> = {
  meta: {
    id: 'websocket-upgrade-smuggling',
    defaultSeverity: 'warning',
    fixable: false,
    hasSuggestions: true,
    description: 'proxy_set_header Upgrade $http_upgrade forwards any protocol upgrade (h2c smuggling), not only WebSocket',
    rationale:
      'Passing the client\'s Upgrade header unfiltered lets a client ask the backend for "Upgrade: h2c" (or any protocol). After the 101, nginx only relays bytes, so requests sent through that tunnel skip nginx\'s routing and per-location rules. nginx considers this working as designed (nginx/nginx#1472); map $http_upgrade to pass only "websocket".',
    docsUrl: 'https://github.com/ngxlint/ngxlint/blob/main/rules/websocket-upgrade-smuggling.md',
    messages: {
      accessRule:
        'proxy_set_header Upgrade {{value}} forwards any upgrade the client asks for, not only websocket: with "Upgrade: h2c" a client can tunnel requests to {{backend}} past nginx\'s access rules, such as "{{rule}}" in {{ruleWhere}} (nginx/nginx#1472); pass only "websocket" through a map',
      unrouted:
        'proxy_set_header Upgrade {{value}} forwards any upgrade the client asks for, not only websocket: with "Upgrade: h2c" a client can tunnel requests for any path to {{backend}}, not only the ones location {{path}} passes there (nginx/nginx#1472); pass only "websocket" through a map',
      anyUpgrade:
        'proxy_set_header Upgrade {{value}} forwards any upgrade the client asks for, not only websocket: with "Upgrade: h2c" a client can tunnel requests to the backend that nginx no longer inspects (nginx/nginx#1472); pass only "websocket" through a map',
    },
    get options() {
      return optionsSchema();
    },
    defaultOptions: { always: false },
  },
  create(context) {
    const { model } = context;
    const always = checkedOptions(rule.meta, context.options)?.always === true;
    const reported = new Set<DirectiveNode>();
    let defined: ReturnType<typeof definedVariables> | undefined;

    /** A variable for the map: an existing `map $http_upgrade $ws_upgrade`, or a free name. */
    function mapVariable(): { name: string; exists: boolean } {
      defined ??= definedVariables(model);
      for (const name of ['ws_upgrade', 'websocket_upgrade', 'ngxlint_ws_upgrade']) {
        if (mapsFromVariable(model, name, 'http_upgrade')) return { name, exists: true };
        if (!defined.has(name)) return { name, exists: false };
      }
      return { name: 'ngxlint_ws_upgrade', exists: false };
    }

    /** Levels that proxy with the header list `d` belongs to. */
    function users(d: ModelDirective): Level[] {
      const out: Level[] = [];
      for (const l of walkLevels(d.level)) {
        if (!firstDirectiveNamed(l, 'proxy_pass')) continue;
        if (effectiveArrayLevel(l, 'proxy_set_header') === d.level) out.push(l);
      }
      return out;
    }

    return {
      namedDirective: { names: ['proxy_set_header'], visit },
    };

    function visit(d: ModelDirective): void {
      if (d.args.length < 2) return;
      // Only a name of 7 characters can be `upgrade` in any case: most lines need no lower-case copy.
      const header = d.args[0];
      if (header.length !== 7 || header.toLowerCase() !== 'upgrade' || !HTTP_UPGRADE.test(d.args[1])) return;
      // Once per line, even when a snippet holding it is included in several places.
      if (reported.has(d.node)) return;
      const using = users(d);
      let reason: Reason | undefined;
      for (const user of using) {
        const r = reasonFor(user, model);
        if (r && (!reason || (reason.kind === 'unrouted' && r.kind === 'accessRule'))) reason = r;
        if (reason?.kind === 'accessRule') break;
      }
      if (!reason && !always) return;
      reported.add(d.node);

      const value = d.args[1];
      let messageId = 'anyUpgrade';
      let data: Record<string, string> = { value };
      if (reason?.kind === 'accessRule') {
        const r = reason.rule;
        const text = [r.node.name, ...r.args].join(' ');
        const place = r.level.kind === 'location' ? `location ${locationPath(r.level)}` : `this ${r.level.kind} block`;
        const line = lineRef(r, d.file);
        messageId = 'accessRule';
        data = { value, backend: reason.backend, rule: text.length > 40 ? `${text.slice(0, 39)}…` : text, ruleWhere: `${place} (${line})` };
      } else if (reason?.kind === 'unrouted') {
        messageId = 'unrouted';
        data = { value, backend: reason.backend, path: reason.path };
      }

      const http = enclosing(d.level, 'http');
      context.report({
        at: { directive: d, argument: 1 },
        messageId,
        data,
        related: reason?.kind === 'accessRule' ? [{ at: reason.rule, message: 'a rule the tunnel bypasses' }] : undefined,
        suggest: [
          (fixer) => {
            if (!http?.opener?.node.block) return undefined;
            const variable = mapVariable();
            const raw = d.node.args[1].raw.replace(HTTP_UPGRADE_GLOBAL, (whole) =>
              whole.startsWith('${') ? `\${${variable.name}}` : `$${variable.name}`,
            );
            const edits = [fixer.replaceArgument(d, 1, raw)];
            if (!variable.exists) {
              edits.unshift(
                fixer.insertBlockDirective(http, `map $http_upgrade $${variable.name}`, [
                  `default ${quoteAs(http.opener!.file, '', '"')};`,
                  '~*^websocket$ websocket;',
                ]),
              );
            }
            return {
              description: variable.exists
                ? `use $${variable.name} (the existing map of $http_upgrade)`
                : `add "map $http_upgrade $${variable.name}" passing only "websocket" to the http block, and use $${variable.name}`,
              edits,
            };
          },
        ],
      });
    }
  },
};

export default rule;
