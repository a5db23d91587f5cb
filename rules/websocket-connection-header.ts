/**
 * websocket-connection-header: a WebSocket location must send `Connection: upgrade` upstream.
 *
 * `Connection` is a hop-by-hop header: nginx never forwards the client's. Unless
 * `proxy_set_header Connection` says otherwise, nginx sends `Connection: close` (before 1.29.7)
 * or no Connection header (since 1.29.7); either way the backend sees no upgrade request and
 * refuses the handshake. The canonical value is `$connection_upgrade` from
 * `map $http_upgrade $connection_upgrade { default upgrade; '' close; }`; the constant `"upgrade"`
 * works too.
 */
import type { Fixer } from '../src/fix/fixer';
import type { FixSpec, RuleModule } from '../src/lint/rule';
import type { ModelDirective } from '../src/model/config-model';
import { effectiveHeaders } from '../src/model/inheritance';
import { describeTarget, proxiesHttp11ByDefault } from '../src/model/nginx-version';
import { asWebSocketLocation, describeSignals, describeWhere, levelLabel, lineFrom, locationPath } from '../src/model/websocket';
import {
  COPIES_NOTE,
  connectionFixValue,
  connectionVerdict,
  copiesInherited,
  describeConnectionFix,
  planConnectionFix,
} from './support/websocket-headers';

const rule: RuleModule = {
  meta: {
    id: 'websocket-connection-header',
    defaultSeverity: 'error',
    fixable: 'safe',
    description: 'WebSocket locations must send "Connection: upgrade" with proxy_set_header Connection $connection_upgrade',
    rationale:
      'Connection is a hop-by-hop header: nginx never forwards the client\'s. Unless proxy_set_header Connection is set, nginx sends "Connection: close" (before 1.29.7) or no Connection header (since 1.29.7), so the backend sees no upgrade request and refuses the WebSocket handshake. proxy_set_header is inherited only by a level that sets none of its own, so one proxy_set_header in a location silently drops the Connection line of the server or http level.',
    docsUrl: 'https://github.com/ngxlint/ngxlint/blob/main/rules/websocket-connection-header.md',
    messages: {
      missing:
        'WebSocket location {{path}} {{sends}}: no proxy_set_header Connection applies and {{target}} {{byDefault}} (nginx never forwards the client\'s hop-by-hop Connection header), so the backend refuses the Upgrade; add "proxy_set_header Connection {{fixValue}};"{{fixNote}} (WebSocket because {{signal}})',
      lost:
        'WebSocket location {{path}} {{sends}}: Connection is set at {{where}} but not inherited: {{owner}} sets its own proxy_set_header ({{ownLine}}), which drops every outer one; add "proxy_set_header Connection {{fixValue}};" to this location{{fixNote}} (WebSocket because {{signal}})',
      wrong:
        'WebSocket location {{path}} sends "Connection: {{value}}" ({{where}}): {{why}}, so the backend refuses the Upgrade; use "proxy_set_header Connection {{fixValue}};"{{fixNote}} (WebSocket because {{signal}})',
      empty:
        'WebSocket location {{path}} sends no Connection header: proxy_set_header Connection "" ({{where}}) removes it (that is the setting for upstream keepalive, not for WebSockets), so the backend refuses the Upgrade; use "proxy_set_header Connection {{fixValue}};"{{fixNote}} (WebSocket because {{signal}})',
      passthrough:
        'WebSocket location {{path}} copies the client\'s own Connection header upstream ($http_connection, {{where}}): the handshake works only while clients list "upgrade" there, and plain requests forward tokens such as keep-alive that belong to the client\'s hop; use "proxy_set_header Connection {{fixValue}};"{{fixNote}} (WebSocket because {{signal}})',
    },
  },
  create(context) {
    const { model } = context;
    const target = context.settings.target;
    return {
      location(level) {
        const opener = level.opener;
        if (!opener) return; // a snippet that is a location body: its includer's location is not known
        const ws = asWebSocketLocation(model, level, context.settings.websocket);
        if (!ws) return;
        const effective = effectiveHeaders(level, target);
        const connection = effective.headers.get('connection');
        const path = locationPath(level);
        const signal = describeSignals(ws.signals);
        // The value the fix writes, for messages, with the reason when it is the constant (the map
        // may not be in reach): stylish output shows the message, not the fix description.
        const chosen = connectionFixValue(model, level);
        const { fixValue, fixNote } = valueData(chosen);

        const insert = (fixer: Fixer): FixSpec => {
          const plan = planConnectionFix(fixer, model, level);
          const copies = copiesInherited(level, effective.lines, 'Connection') ? COPIES_NOTE : '';
          return {
            description: describeConnectionFix(plan, undefined, copies),
            edits: [fixer.insertProxySetHeaders(level, [{ name: 'Connection', value: plan.value }]), ...(plan.mapEdit ? [plan.mapEdit] : [])],
          };
        };

        if (!connection?.source) {
          const sends = proxiesHttp11ByDefault(target) ? 'sends no Connection header' : 'sends "Connection: close"';
          const lost = lastConnectionLine(effective.lost);
          if (lost && effective.definedAt) {
            const own = effective.lines[0];
            context.report({
              at: opener,
              messageId: 'lost',
              data: {
                path,
                sends,
                where: describeWhere(lost, level),
                owner: levelLabel(effective.definedAt, level),
                ownLine: lineFrom(own, level),
                fixValue,
                fixNote,
                signal,
              },
              related: [
                { at: lost, message: `Connection is set here but not inherited by location ${path}` },
                { at: own, message: 'this proxy_set_header stops the inheritance of every outer proxy_set_header' },
              ],
              fix: insert,
            });
            return;
          }
          context.report({
            at: opener,
            messageId: 'missing',
            data: {
              path,
              sends,
              target: describeTarget(target),
              byDefault: proxiesHttp11ByDefault(target) ? 'sends none by default' : 'sends it by default',
              fixValue,
              fixNote,
              signal,
            },
            fix: insert,
          });
          return;
        }

        const line = connection.source;
        const verdict = connectionVerdict(connection.value, model);
        if (verdict.kind === 'upgrade' || verdict.kind === 'unknown') return;
        const here = line.level === level && line.node.args.length >= 2;
        const where = describeWhere(line, level);
        const change = (fixer: Fixer): FixSpec => {
          if (!here) return insert(fixer);
          const plan = planConnectionFix(fixer, model, level, line.file);
          return {
            description: describeConnectionFix(plan, line.node.args[1].raw),
            edits: [fixer.replaceArgument(line, 1, plan.value), ...(plan.mapEdit ? [plan.mapEdit] : [])],
          };
        };
        // Replaced in place, the value takes the quote of the file that holds the line.
        const replacing = here ? connectionFixValue(model, level, line.file) : chosen;
        const at = here ? { directive: line, argument: 1 } : opener;
        const related = here ? undefined : [{ at: line, message: `proxy_set_header Connection ${line.node.args[1]?.raw ?? ''} is set here` }];
        if (verdict.kind === 'passthrough') {
          // The handshake depends on what each client (and any proxy before nginx) puts in its own
          // hop-by-hop header: an error, fixed like the other wrong values.
          context.report({ at, messageId: 'passthrough', data: { path, where, ...valueData(replacing), signal }, related, fix: change });
          return;
        }
        const empty = connection.value.trim() === '';
        context.report({
          at,
          messageId: empty ? 'empty' : 'wrong',
          data: { path, value: connection.value, where, why: verdict.why, ...valueData(replacing), signal },
          related,
          fix: change,
        });
      },
    };
  },
};

/** Message data for the value a fix writes: `{{fixValue}}`, and `{{fixNote}}` saying why a constant. */
function valueData(chosen: { value: string; note?: string }): { fixValue: string; fixNote: string } {
  return { fixValue: chosen.value, fixNote: chosen.note ? ` (${chosen.note})` : '' };
}

function lastConnectionLine(lines: readonly ModelDirective[]): ModelDirective | undefined {
  return [...lines].reverse().find((d) => (d.args[0] ?? '').toLowerCase() === 'connection');
}

export default rule;
