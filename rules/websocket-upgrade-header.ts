/**
 * websocket-upgrade-header: a WebSocket location must pass the client's Upgrade header.
 *
 * `Upgrade` is a hop-by-hop header: nginx never forwards the client's on its own. Without
 * `proxy_set_header Upgrade $http_upgrade` the backend receives a plain request and refuses the
 * handshake (426 Upgrade Required). The line is often there and still lost: `proxy_set_header`
 * is inherited only by a level that sets none of its own, so one `proxy_set_header` in the
 * location drops the server's Upgrade line.
 */
import type { Fixer } from '../src/fix/fixer';
import type { RuleModule } from '../src/lint/rule';
import type { ModelDirective } from '../src/model/config-model';
import { effectiveHeaders } from '../src/model/inheritance';
import { asWebSocketLocation, describeSignals, describeWhere, levelLabel, lineFrom, locationPath } from '../src/model/websocket';
import { COPIES_NOTE, copiesInherited, quoteRaw } from './support/websocket-headers';

const UPGRADE_LINE = 'proxy_set_header Upgrade $http_upgrade;';
const UPGRADE_HEADER = { name: 'Upgrade', value: '$http_upgrade' };

const rule: RuleModule = {
  meta: {
    id: 'websocket-upgrade-header',
    defaultSeverity: 'error',
    fixable: 'safe',
    description: 'WebSocket locations must pass the Upgrade header with proxy_set_header Upgrade $http_upgrade',
    rationale:
      'Upgrade is a hop-by-hop header: nginx never forwards the client\'s Upgrade on its own, so without "proxy_set_header Upgrade $http_upgrade" the backend receives a plain request and refuses the WebSocket handshake (426). proxy_set_header is inherited only by a level that sets none of its own, so a single proxy_set_header in a location silently drops the Upgrade line set at server or http level.',
    docsUrl: 'https://github.com/ngxlint/ngxlint/blob/main/rules/websocket-upgrade-header.md',
    messages: {
      missing:
        'WebSocket location {{path}} does not pass the Upgrade header: no proxy_set_header Upgrade applies and nginx never forwards the client\'s hop-by-hop Upgrade on its own, so the backend refuses the handshake; add "proxy_set_header Upgrade $http_upgrade;" (WebSocket because {{signal}})',
      lost:
        'WebSocket location {{path}} does not pass the Upgrade header: Upgrade is set at {{where}} but not inherited: {{owner}} sets its own proxy_set_header ({{ownLine}}), which drops every outer one; add "proxy_set_header Upgrade $http_upgrade;" to this location (WebSocket because {{signal}})',
      empty:
        'WebSocket location {{path}} sends no Upgrade header: proxy_set_header Upgrade "" ({{where}}) removes it, so the backend refuses the handshake; use "proxy_set_header Upgrade $http_upgrade;" (WebSocket because {{signal}})',
      constant:
        'WebSocket location {{path}} sends "Upgrade: {{value}}" on every request, plain HTTP ones included ({{where}}); use "proxy_set_header Upgrade $http_upgrade;" so the backend sees an Upgrade only when the client asks for one (WebSocket because {{signal}})',
    },
  },
  create(context) {
    const target = context.settings.target;
    return {
      location(level) {
        const opener = level.opener;
        if (!opener) return; // a snippet that is a location body: its includer's location is not known
        const ws = asWebSocketLocation(context.model, level, context.settings.websocket);
        if (!ws) return;
        const effective = effectiveHeaders(level, target);
        const upgrade = effective.headers.get('upgrade');
        const path = locationPath(level);
        const signal = describeSignals(ws.signals);
        const insert = (fixer: Fixer) => ({
          description: `insert "${UPGRADE_LINE}"${copiesInherited(level, effective.lines, 'Upgrade') ? COPIES_NOTE : ''}`,
          edits: [fixer.insertProxySetHeaders(level, [UPGRADE_HEADER])],
        });

        if (!upgrade?.source) {
          const lost = lastUpgradeLine(effective.lost);
          if (lost && effective.definedAt) {
            const own = effective.lines[0];
            context.report({
              at: opener,
              messageId: 'lost',
              data: {
                path,
                where: describeWhere(lost, level),
                owner: levelLabel(effective.definedAt, level),
                ownLine: lineFrom(own, level),
                signal,
              },
              related: [
                { at: lost, message: `Upgrade is set here but not inherited by location ${path}` },
                { at: own, message: 'this proxy_set_header stops the inheritance of every outer proxy_set_header' },
              ],
              fix: insert,
            });
            return;
          }
          context.report({ at: opener, messageId: 'missing', data: { path, signal }, fix: insert });
          return;
        }

        const line = upgrade.source;
        const value = upgrade.value;
        if (value.includes('$')) return; // $http_upgrade, or a variable we take as the user's choice
        const here = line.level === level;
        const where = describeWhere(line, level);
        const replace = (fixer: Fixer) =>
          here && line.node.args.length >= 2
            ? { description: `replace ${quoteRaw(line.node.args[1].raw)} with $http_upgrade in "proxy_set_header Upgrade"`, edits: [fixer.replaceArgument(line, 1, '$http_upgrade')] }
            : insert(fixer);
        if (value.trim() === '') {
          context.report({
            at: here ? { directive: line, argument: 1 } : opener,
            messageId: 'empty',
            data: { path, where, signal },
            related: here ? undefined : [{ at: line, message: 'proxy_set_header Upgrade "" is set here' }],
            fix: replace,
          });
          return;
        }
        // A constant: the handshake works, but every request carries an Upgrade. Replacing it changes
        // what plain requests send, so it is offered, not applied.
        context.report({
          at: here ? { directive: line, argument: 1 } : opener,
          messageId: 'constant',
          severity: 'warning',
          data: { path, value, where, signal },
          related: here ? undefined : [{ at: line, message: `proxy_set_header Upgrade ${line.node.args[1]?.raw ?? ''} is set here` }],
          suggest: [replace],
        });
      },
    };
  },
};

function lastUpgradeLine(lines: readonly ModelDirective[]): ModelDirective | undefined {
  return [...lines].reverse().find((d) => (d.args[0] ?? '').toLowerCase() === 'upgrade');
}

export default rule;
