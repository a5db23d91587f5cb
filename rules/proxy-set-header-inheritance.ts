/**
 * proxy-set-header-inheritance: a level that sets its own proxy_set_header silently drops the
 * outer levels' proxy_set_header lines.
 *
 * nginx inherits an array directive (proxy_set_header, grpc_set_header …) into a level only when
 * that level defines none of its own. One `proxy_set_header X-Request-Id …` added to a location
 * drops every server- and http-level `proxy_set_header` for it: Host, X-Forwarded-For and, worst,
 * the WebSocket `Upgrade` / `Connection` lines. nginx -t says nothing.
 *
 * Reported once per level, at its first own header line (at the `include` that brings it in when
 * that line lives in an included file), and only when something under the level proxies with the
 * level's lines: a server-level list that drops http-level lines matters only if a location of that
 * server inherits the server's list and proxies.
 */
import { checkedOptions, lazySchema, type RuleModule } from '../src/lint/rule';
import {
  directivesIncludedBy,
  directivesNamedByLevel,
  enclosing,
  firstDirectiveNamed,
  lineRef,
  walkLevels,
  type ConfigModel,
  type Level,
  type ModelDirective,
} from '../src/model/config-model';
import { droppedLines, effectiveArrayLevel } from '../src/model/inheritance';
import { asWebSocketLocation, describeSignals, isUpgradeHeaderLine, locationPath } from '../src/model/websocket';

export interface Options {
  /** Header names (any case) whose loss is not reported and not copied. */
  ignoreHeaders: string[];
}

const optionsSchema = lazySchema((z) => z
  .object({
    ignoreHeaders: z.array(z.string().min(1)).default([]),
  })
  .strict());

/** The header directives checked, and the directive that makes a level use them. */
const FAMILIES = [
  { headers: 'proxy_set_header', pass: 'proxy_pass' },
  { headers: 'grpc_set_header', pass: 'grpc_pass' },
] as const;

type Family = (typeof FAMILIES)[number];

/** Levels under (and including) `level` that use `level`'s header list and pass requests upstream. */
function proxyingUsers(level: Level, family: Family): Level[] {
  const users: Level[] = [];
  for (const l of walkLevels(level)) {
    if (!firstDirectiveNamed(l, family.pass)) continue;
    if (effectiveArrayLevel(l, family.headers) === level) users.push(l);
  }
  return users;
}

/** The level's own directive that brings `d` in: `d` itself, or the `include` written in the level's block. */
function ownStatementFor(level: Level, d: ModelDirective): ModelDirective {
  const base = level.opener ? level.opener.includedVia.length : 0;
  return d.includedVia.length > base ? d.includedVia[base] : d;
}

function levelName(level: Level): string {
  if (level.kind === 'location') return `location ${locationPath(level)}`;
  if (level.kind === 'server') {
    const name = level.directives.find((d) => d.node.name === 'server_name' && d.args.length > 0 && d.args[0] !== '');
    return name ? `server ${name.args[0]}` : 'this server';
  }
  return `this ${level.kind} block`;
}

/** For "the {{outer}} headers": `server-level`, `enclosing location /api/'s`. */
function outerName(level: Level): string {
  if (level.kind === 'location') return `enclosing location ${locationPath(level)}'s`;
  return `${level.kind}-level`;
}

/** For "set here …": `at server level`, `in the enclosing location /api/`. */
function outerPlace(level: Level): string {
  if (level.kind === 'location') return `in the enclosing location ${locationPath(level)}`;
  return `at ${level.kind} level`;
}

/**
 * The `include` at the outer level that brings in lost lines and nothing else: copying it keeps the
 * snippet the single place those headers are written (`include proxy_params;`).
 */
function wholeInclude(line: ModelDirective, lost: ReadonlySet<ModelDirective>, model: ConfigModel): ModelDirective | undefined {
  const outer = line.level;
  const base = outer.opener ? outer.opener.includedVia.length : 0;
  if (line.includedVia.length <= base) return undefined;
  const include = line.includedVia[base];
  const onlyLost = directivesIncludedBy(model, include).every((d) => d.node.name === 'include' || (d.level === outer && lost.has(d)));
  return onlyLost ? include : undefined;
}

const rule: RuleModule<Options> = {
  meta: {
    id: 'proxy-set-header-inheritance',
    // Lost WebSocket headers are errors; other lost headers are reported as warnings.
    defaultSeverity: 'error',
    fixable: 'unsafe',
    description: 'A level with its own proxy_set_header does not inherit the outer levels\' proxy_set_header lines',
    rationale:
      'nginx inherits proxy_set_header (and every array directive) into a level only when the level sets none of its own. One proxy_set_header in a location silently drops all server- and http-level ones for it: Host, X-Forwarded-For, and the Upgrade/Connection lines a WebSocket handshake needs. nginx -t does not warn.',
    docsUrl: 'https://github.com/ngxlint/ngxlint/blob/main/rules/proxy-set-header-inheritance.md',
    messages: {
      lost:
        '{{level}} sets its own {{directive}} ({{own}}), so the {{outer}} headers {{headers}} are not inherited: nginx inherits {{directive}} only into a level that sets none; copy them in if the backend needs them',
      lostWebSocket:
        '{{level}} sets its own proxy_set_header ({{own}}), so the {{outer}} headers {{headers}} are not inherited, and without {{wsHeaders}} the WebSocket handshake of {{wsLocation}} fails: nginx inherits proxy_set_header only into a level that sets none; copy them in (WebSocket because {{signal}})',
    },
    get options() {
      return optionsSchema();
    },
    defaultOptions: { ignoreHeaders: [] },
  },
  create(context) {
    const ignored = new Set((checkedOptions(rule.meta, context.options)?.ignoreHeaders ?? []).map((h) => h.toLowerCase()));
    const { model, settings } = context;
    // The levels that set their own header lines, found from the model's index of directives by
    // name: most of the levels visited (some 26,000 locations and servers in the 6 MB bench
    // config) set none, and asking each of them scanned its directives (and indexed every large
    // server's) only to find nothing.
    const ownByFamily = FAMILIES.map((family) => directivesNamedByLevel(model, family.headers));

    function check(level: Level): void {
      for (let f = 0; f < FAMILIES.length; f++) {
        const own = ownByFamily[f].get(level);
        if (!own) continue;
        // Asked only of levels with lines of their own: reading each level's syntax node (scattered
        // over a large heap) cost more than the lookup above.
        if (!level.opener?.node.block) return;
        const family = FAMILIES[f];
        const lost = droppedLines(level, family.headers).filter(
          (d) => !ignored.has((d.args[0] ?? '').toLowerCase()),
        );
        if (lost.length === 0) continue;
        const users = proxyingUsers(level, family);
        if (users.length === 0) continue;

        const at = ownStatementFor(level, own[0]);
        const reportFile = at.file;
        const outerLevel = lost[0].level;
        // Named once: every lost line's related message names both levels.
        const name = levelName(level);
        const place = outerPlace(outerLevel);
        const data = {
          level: name,
          directive: family.headers,
          own: lineRef(own[0], reportFile),
          outer: outerName(outerLevel),
          headers: lost.map((d) => `${d.args[0] ?? ''} (${lineRef(d, reportFile)})`).join(', '),
        };

        // Lost Upgrade/Connection lines break the WebSocket handshake of a location that uses them.
        const wsLines = family.headers === 'proxy_set_header' ? lost.filter((d) => isUpgradeHeaderLine(d, model)) : [];
        let ws: ReturnType<typeof asWebSocketLocation>;
        if (wsLines.length > 0) {
          for (const user of users) {
            const location = enclosing(user, 'location');
            ws = location && asWebSocketLocation(model, location, settings.websocket);
            if (ws) break;
          }
        }
        // Copying back exactly the WebSocket lines of a WebSocket location restores what it was
        // written to do; copying other headers changes what a backend receives: the user decides.
        const safe = !!ws && level.kind === 'location' && wsLines.length === lost.length;
        const lostSet = new Set(lost);
        const names = lost.map((d) => d.args[0] ?? '').join(', ');

        context.report({
          at,
          messageId: ws ? 'lostWebSocket' : 'lost',
          data: ws
            ? {
                ...data,
                wsHeaders: wsLines.map((d) => d.args[0]).join(' and '),
                wsLocation: ws.proxy.location === level ? 'this location' : `location ${locationPath(ws.proxy.location)}`,
                signal: describeSignals(ws.signals),
              }
            : data,
          severity: ws ? 'error' : 'warning',
          related: lost.map((d) => ({
            at: d,
            message: `${family.headers} ${d.args[0] ?? ''} is set here, ${place}, and not inherited by ${name}`,
          })),
          fix: (fixer) => {
            const lines: string[] = [];
            const copiedIncludes = new Set<ModelDirective>();
            for (const line of lost) {
              const include = wholeInclude(line, lostSet, model);
              if (include) {
                if (!copiedIncludes.has(include)) lines.push(fixer.sourceOf(include));
                copiedIncludes.add(include);
              } else {
                lines.push(fixer.sourceOf(line));
              }
            }
            return {
              description: `copy the ${outerName(outerLevel)} ${family.headers} lines ${names} into ${name}`,
              edits: [fixer.insertInBlock(level, lines)],
              applicability: safe ? 'safe' : 'unsafe',
            };
          },
        });
      }
    }

    return { location: check, server: check };
  },
};

export default rule;
