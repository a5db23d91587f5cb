/**
 * undefined-variable: every `$variable` a config uses must be built into nginx or defined by the
 * config (map, geo, set, split_clients, perl_set, js_set … or a named regex capture).
 *
 * nginx checks this when it loads the config: `nginx -t` fails with `unknown "name" variable`,
 * names no file or line, and a reload keeps running the old config. The classic case is a WebSocket
 * location copied without the `map $http_upgrade $connection_upgrade { … }` it relies on.
 */
import type { Fixer } from '../src/fix/fixer';
import type { FixSpec, ReportDescriptor, RuleModule } from '../src/lint/rule';
import { enclosing, isDataBlockKind, lineRef, type ModelDirective } from '../src/model/config-model';
import { asWebSocketLocation, describeSignals, locationPath } from '../src/model/websocket';
import {
  builtinNames,
  definedVariables,
  editDistance,
  isBuiltinVariable,
  usesInDirective,
  variableNamesInTexts,
  variableReferences,
  type VariableUse,
} from '../src/model/variables';
import { argsMayHold } from '../src/parse/parser';
import { CONNECTION_UPGRADE, CONNECTION_UPGRADE_MAP_TEXT, addConnectionUpgradeMap, connectionUpgradeMapText, reachableHttp } from './support/websocket-headers';

/** Dynamic modules nginx.org ships; any other `load_module` may bring variables we do not know. */
const OFFICIAL_MODULES: ReadonlySet<string> = new Set([
  'ngx_http_geoip_module',
  'ngx_stream_geoip_module',
  'ngx_http_image_filter_module',
  'ngx_http_perl_module',
  'ngx_http_xslt_filter_module',
  'ngx_http_js_module',
  'ngx_stream_js_module',
  'ngx_mail_module',
  'ngx_stream_module',
  'ngx_otel_module',
  'ngx_http_acme_module',
]);

const rule: RuleModule = {
  meta: {
    id: 'undefined-variable',
    defaultSeverity: 'error',
    fixable: 'safe',
    description: 'Variables must be built into nginx or defined by the config',
    rationale:
      'nginx resolves every $variable when it loads the config: one that is neither built in nor defined by map, geo, set, split_clients, perl_set, js_set or a named regex capture makes "nginx -t" fail with unknown "name" variable, without a file or line, and a reload keeps the old config running. A WebSocket location copied without its map $http_upgrade $connection_upgrade is the classic case.',
    docsUrl: 'https://github.com/ngxlint/ngxlint/blob/main/rules/undefined-variable.md',
    messages: {
      unknown:
        'unknown variable "${{name}}" in {{directive}}: nothing in this config defines it (map, set, geo, split_clients, perl_set, js_set, a named regex capture) and nginx has no such built-in variable, so "nginx -t" fails with: unknown "{{lower}}" variable{{hint}}',
      unknownWithModules:
        'unknown variable "${{name}}" in {{directive}}: nothing in this config defines it and nginx has no such built-in variable, so "nginx -t" fails with: unknown "{{lower}}" variable, unless the third-party module loaded at {{modules}} provides it{{hint}}',
      connectionUpgrade:
        'unknown variable "${{name}}" in {{directive}}: WebSocket proxying takes it from "{{map}}" in http, and this config has no such map (it is often left behind in the conf.d of the server the location was copied from), so "nginx -t" fails with: unknown "connection_upgrade" variable; add the map{{signal}}',
    },
  },
  create(context) {
    const { model } = context;
    // A snippet checked alone may use variables its includer defines.
    if (!model.isCompleteConfig) return {};
    const defined = definedVariables(model);
    // Nothing to report when every name any `$` of the files' texts spells is known (most
    // configs): then no directive needs a visit, and a large config has over 100,000.
    let unknownInText = false;
    for (const name of variableNamesInTexts(model.config)) {
      if (!isBuiltinVariable(name) && !defined.has(name)) {
        unknownInText = true;
        break;
      }
    }
    if (!unknownInText) return {};
    const thirdParty = thirdPartyModule(model.directivesByName.get('load_module') ?? []);
    let candidates: string[] | undefined;

    function hintFor(lower: string): { hint: string; candidate?: string } {
      candidates ??= [...new Set([...defined.keys(), ...builtinNames()])];
      const limit = lower.length <= 4 ? 1 : 2;
      let best: string | undefined;
      let bestDistance = limit + 1;
      for (const c of candidates) {
        const distance = editDistance(lower, c, limit);
        if (distance < bestDistance) {
          best = c;
          bestDistance = distance;
        }
      }
      return best ? { hint: `; did you mean "$${best}"?`, candidate: best } : { hint: '' };
    }

    // A config uses few names many times: decide once per name.
    const known = new Map<string, boolean>();
    /** Argument values with a `$`: whether every name in them is known. */
    const knownValues = new Map<string, boolean>();

    function isKnownName(lower: string): boolean {
      let isKnown = known.get(lower);
      if (isKnown === undefined) {
        isKnown = isBuiltinVariable(lower) || defined.has(lower);
        known.set(lower, isKnown);
      }
      return isKnown;
    }

    /**
     * True when every variable named anywhere in the directive's arguments is known: then none of
     * its uses (a subset: the arguments nginx expands) is reported, and they need not be located.
     */
    function allNamesKnown(d: ModelDirective): boolean {
      if (!argsMayHold(d.node, 0x24)) return true;
      const values = d.node.argValues;
      for (let a = 0; a < values.length; a++) {
        const value = values[a];
        if (value.indexOf('$') < 0) continue;
        // Values repeat (`$host`, `$proxy_add_x_forwarded_for`, and the tree shares their strings): decide once per value.
        let valueKnown = knownValues.get(value);
        if (valueKnown === undefined) {
          valueKnown = true;
          for (const ref of variableReferences(value)) {
            if (!isKnownName(ref.name.toLowerCase())) {
              valueKnown = false;
              break;
            }
          }
          knownValues.set(value, valueKnown);
        }
        if (!valueKnown) return false;
      }
      return true;
    }

    function check(use: VariableUse): void {
      const lower = use.name.toLowerCase();
      if (isKnownName(lower)) return;
      const d = use.directive;
      const at = { file: use.file, range: use.range };
      // In a map (geo, split_clients …) the "directive" is an entry: its name is a key such as `default`.
      const directive = isDataBlockKind(d.level.kind)
        ? `the ${d.level.kind} entry "${d.node.name}" (line ${d.node.line})`
        : `${d.node.name} (line ${d.node.line})`;
      if (lower === CONNECTION_UPGRADE) {
        const location = enclosing(d.level, 'location');
        const ws = location ? asWebSocketLocation(model, location, context.settings.websocket) : undefined;
        const signal = ws ? ` (used by WebSocket location ${locationPath(location!)}, WebSocket because ${describeSignals(ws.signals)})` : '';
        const http = reachableHttp(d.level);
        context.report({
          at,
          messageId: 'connectionUpgrade',
          data: { name: use.name, directive, map: CONNECTION_UPGRADE_MAP_TEXT, signal },
          fix: http
            ? (fixer: Fixer): FixSpec | undefined => {
                const edit = addConnectionUpgradeMap(fixer, d.level);
                if (!edit) return undefined;
                return {
                  description: `add "${connectionUpgradeMapText(http.opener!.file)}" to the http block (line ${http.opener!.node.line} of ${http.opener!.file.path})`,
                  edits: [edit],
                };
              }
            : undefined,
        });
        return;
      }
      const { hint, candidate } = hintFor(lower);
      // load_module stands in the main file; a use in an included file names that file, or the
      // line reads as one of the use's own file.
      const modules = thirdParty ? `${lineRef(thirdParty.directive, use.file)} (${thirdParty.name})` : '';
      const report: ReportDescriptor = {
        at,
        messageId: thirdParty ? 'unknownWithModules' : 'unknown',
        data: { name: use.name, lower, directive, hint, modules },
        severity: thirdParty ? 'warning' : undefined,
      };
      if (candidate) {
        // A typo is likely but not certain: offered, never applied.
        report.suggest = [
          (fixer) => ({
            description: `replace "$${use.name}" with "$${candidate}"`,
            edits: [fixer.replaceRange(use.file, use.range.start.offset, use.range.end.offset, `$${candidate}`)],
          }),
        ];
      }
      context.report(report);
    }

    return {
      directive(d) {
        // usesInDirective returns at once for the many directives without a `$`.
        if (!allNamesKnown(d)) for (const use of usesInDirective(d)) check(use);
        // Map entries live in a data block, which the engine does not visit: their values may use variables.
        if (d.block && d.node.name === 'map') {
          for (const entry of d.block.directives) if (!allNamesKnown(entry)) for (const use of usesInDirective(entry)) check(use);
        }
      },
    };
  },
};

/** The first third-party module of the `load_module` lines (its directive and module name), or undefined. */
function thirdPartyModule(loadModules: readonly ModelDirective[]): { directive: ModelDirective; name: string } | undefined {
  for (const d of loadModules) {
    const base = (d.args[0] ?? '').replace(/^.*\//, '').replace(/\.so$/, '');
    if (!OFFICIAL_MODULES.has(base)) return { directive: d, name: base };
  }
  return undefined;
}

export default rule;
