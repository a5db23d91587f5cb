/**
 * websocket-read-timeout: a WebSocket location keeps nginx's 60 s proxy_read_timeout.
 *
 * proxy_read_timeout bounds the time between two reads from the backend, and a WebSocket is
 * often quiet for longer than a minute (a chat nobody writes in, a dashboard between updates).
 * nginx then closes the connection: the client sees close code 1006 every 60 s unless the app
 * pings more often. Only a suggestion: the right value (or app-level pings) is the user's call.
 */
import { checkedOptions, lazySchema, type RuleModule } from '../src/lint/rule';
import { lineRef } from '../src/model/config-model';
import { effectiveDirective } from '../src/model/inheritance';
import { asWebSocketLocation, describeSignals, levelLabel, locationPath } from '../src/model/websocket';

export interface Options {
  /** Report when the effective timeout is at most this many seconds. */
  minimumSeconds: number;
}

const INT32_MAX = 2147483647;

/** ngx_parse_time's steps: each unit may follow only more significant ones. */
const UNITS: Record<string, { step: number; seconds: number }> = {
  y: { step: 1, seconds: 365 * 24 * 3600 },
  M: { step: 2, seconds: 30 * 24 * 3600 },
  w: { step: 3, seconds: 7 * 24 * 3600 },
  d: { step: 4, seconds: 24 * 3600 },
  h: { step: 5, seconds: 3600 },
  m: { step: 6, seconds: 60 },
  s: { step: 7, seconds: 1 },
  ms: { step: 8, seconds: 0.001 },
};
const STEP_SEC = 7;
const STEP_LAST = 9;

/**
 * An nginx time value in seconds, read as ngx_parse_time reads it: `30`, `90s`, `5m`, `1h 30m`,
 * `1m30`, `500ms`. Units `ms s m h d w M y` go from the most to the least significant, each at most
 * once, optionally separated by spaces; a number without a unit means seconds. `kind` is the slot
 * type: millisecond slots (proxy_read_timeout …) reject `y`, `M` and more than 2^31-1 ms (about 24.8
 * days); second slots reject `ms`. Undefined when nginx would reject the value (variables included).
 */
export function parseNginxTime(text: string, kind: 'msec' | 'sec' = 'msec'): number | undefined {
  const isSec = kind === 'sec';
  const perSecond = isSec ? 1 : 1000; // the slot's unit
  let step = isSec ? 0 : UNITS.M.step;
  let value = 0;
  let total = 0;
  let valid = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c.charCodeAt(0) - 48);
      valid = true;
      i++;
      continue;
    }
    i++;
    let unit: { step: number; seconds: number };
    if (c === 'm' && text[i] === 's') {
      if (isSec || step >= UNITS.ms.step) return undefined;
      i++;
      unit = UNITS.ms;
    } else if (c === ' ') {
      // A bare number followed by a space: seconds, and nothing smaller may follow.
      if (step >= STEP_SEC) return undefined;
      unit = { step: STEP_LAST, seconds: 1 };
    } else if (Object.prototype.hasOwnProperty.call(UNITS, c)) {
      unit = UNITS[c];
      if (c === 'y' ? step > 0 : step >= unit.step) return undefined;
    } else {
      return undefined;
    }
    step = unit.step;
    const inSlot = unit.seconds * perSecond;
    if (value > Math.floor(INT32_MAX / inSlot)) return undefined;
    total += value * inSlot;
    if (total > INT32_MAX) return undefined;
    value = 0;
    while (text[i] === ' ') i++;
  }
  if (!valid) return undefined;
  return (total + value * perSecond) / perSecond;
}

/** `60s`, `90s`, `2m 30s`, `1h`, `500ms` for messages. */
function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 120 || seconds % 60 !== 0) return `${seconds}s`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${seconds / 60}m`;
}

const optionsSchema = lazySchema((z) => z
  .object({
    minimumSeconds: z
      .union([
        z.number().nonnegative(),
        z.string().transform((text, ctx) => {
          const seconds = parseNginxTime(text, 'msec') ?? parseNginxTime(text, 'sec');
          if (seconds === undefined) {
            ctx.addIssue({ code: 'custom', message: `"${text}" is not an nginx time (e.g. 60, 90s, 5m, 1h 30m)` });
            return z.NEVER;
          }
          return seconds;
        }),
      ])
      .default(60),
  })
  .strict());

const DEFAULT_SECONDS = 60;

const rule: RuleModule<Options> = {
  meta: {
    id: 'websocket-read-timeout',
    defaultSeverity: 'warning',
    fixable: false,
    hasSuggestions: true,
    description: 'WebSocket locations should raise proxy_read_timeout above nginx\'s 60 s default',
    rationale:
      'proxy_read_timeout (60 s by default) is how long nginx waits between two reads from the backend. An idle WebSocket is closed after that time, so clients reconnect every minute unless the application sends pings more often.',
    docsUrl: 'https://github.com/ngxlint/ngxlint/blob/main/rules/websocket-read-timeout.md',
    messages: {
      defaultTimeout:
        'WebSocket location {{path}} keeps the default proxy_read_timeout of 60s, so nginx closes a WebSocket that is idle for a minute unless the app pings more often; consider "proxy_read_timeout {{suggested}};" (WebSocket because {{signal}})',
      shortTimeout:
        'WebSocket location {{path}} has proxy_read_timeout {{value}} ({{where}}), so nginx closes a WebSocket that is idle for {{duration}} unless the app pings more often; consider "proxy_read_timeout {{suggested}};" (WebSocket because {{signal}})',
    },
    get options() {
      return optionsSchema();
    },
    defaultOptions: { minimumSeconds: DEFAULT_SECONDS },
  },
  create(context) {
    const minimum = checkedOptions(rule.meta, context.options)?.minimumSeconds ?? DEFAULT_SECONDS;
    // An hour, or twice the minimum when the user asks for more than that.
    const suggestedSeconds = Math.max(3600, Math.ceil(minimum * 2));
    const suggested = suggestedSeconds === 3600 ? '3600s' : formatSeconds(suggestedSeconds);

    return {
      location(level) {
        const ws = asWebSocketLocation(context.model, level, context.settings.websocket);
        if (!ws) return;
        // Upgrade lines at server or http level let every location of the server upgrade; they do
        // not make each one a WebSocket endpoint (`location /` beside `location /ws/`). Such
        // inherited intent alone is no reason to suggest an hour-long timeout.
        const signals = ws.signals.filter((s) => !(s.kind === 'intent' && s.source && s.source.level.kind !== 'location'));
        if (signals.length === 0) return;
        const setting = effectiveDirective(level, 'proxy_read_timeout');
        const d = setting.directive;
        const seconds = d ? parseNginxTime(d.args[0] ?? '') : DEFAULT_SECONDS;
        if (seconds === undefined || seconds > minimum) return;
        const path = locationPath(level);
        const signal = describeSignals(signals);
        const opener = level.opener!;
        const insert = { description: `insert "proxy_read_timeout ${suggested};"` };
        if (!d) {
          context.report({
            at: opener,
            messageId: 'defaultTimeout',
            data: { path, suggested, signal },
            suggest: [(fixer) => ({ ...insert, edits: [fixer.insertInBlock(level, [`proxy_read_timeout ${suggested};`])] })],
          });
          return;
        }
        const line = lineRef(d, opener.file);
        const where = setting.inherited ? `inherited from ${levelLabel(setting.level!, level)}, ${line}` : line;
        context.report({
          at: setting.inherited ? opener : { directive: d, argument: 0 },
          messageId: 'shortTimeout',
          data: { path, value: d.args[0], where, duration: formatSeconds(seconds), suggested, signal },
          related: setting.inherited ? [{ at: d, message: `proxy_read_timeout ${d.args[0]} is set here` }] : undefined,
          // An inherited value may suit the other locations: raise it in this location only.
          suggest: [
            (fixer) =>
              setting.inherited
                ? { ...insert, edits: [fixer.insertInBlock(level, [`proxy_read_timeout ${suggested};`])] }
                : { description: `replace "${d.args[0]}" with "${suggested}"`, edits: [fixer.replaceArgument(d, 0, suggested)] },
          ],
        });
      },
    };
  },
};

export default rule;
