/**
 * What a rule module is. Like ESLint: a rule exports `meta` (id, default severity, fixability,
 * messages keyed by id, an options schema) and `create(context)`, which returns visitors; the
 * engine walks the model and calls them. A rule never walks the tree itself.
 */
import type { z } from 'zod';
import type { SourceRange } from '../parse/ast';
import type { ParsedFile } from '../parse/config';
import type { ConfigModel, Level, ModelDirective } from '../model/config-model';
import type { NginxTarget } from '../model/nginx-version';
import type { WebSocketSettings } from '../model/websocket';
import type { Fixer } from '../fix/fixer';
import type { FixApplicability, RuleMeta, Severity, TextEdit } from './types';

/** Settings every rule may read (from the configuration file and the command line). */
export interface LintSettings {
  target: NginxTarget;
  websocket: WebSocketSettings;
}

/** Where a report points: a directive (its whole range), an argument, or any range of a file. */
export type ReportTarget =
  | ModelDirective
  | { directive: ModelDirective; argument: number }
  | { file: ParsedFile; range: SourceRange };

/** A fix as a rule builds it; the fixer helpers make the edits. */
export interface FixSpec {
  description: string;
  edits: TextEdit[];
  /** Overrides the rule's default (`meta.fixable`) for this fix. */
  applicability?: FixApplicability;
}

export interface ReportDescriptor {
  at: ReportTarget;
  messageId: string;
  /** Values for `{{name}}` placeholders of the message. */
  data?: Record<string, string | number>;
  /** A report may be milder than the rule (e.g. a constant Upgrade header is only a warning). */
  severity?: Severity;
  fix?: (fixer: Fixer) => FixSpec | undefined;
  /** Changes shown but never applied. */
  suggest?: Array<(fixer: Fixer) => FixSpec | undefined>;
  /** Places that explain the report ("set at server level here"). */
  related?: Array<{ at: ModelDirective; message: string }>;
}

export interface RuleContext<Options> {
  model: ConfigModel;
  options: Options;
  settings: LintSettings;
  report(descriptor: ReportDescriptor): void;
}

/** Visitors a rule may return; each is called for every matching level or directive. */
export interface RuleVisitors {
  /** Every `location` level (nested ones included), in document order. */
  location?(level: Level): void;
  server?(level: Level): void;
  http?(level: Level): void;
  /** Every directive outside data blocks, in document order. */
  directive?(directive: ModelDirective): void;
  /**
   * Like `directive`, for the directives of the given names only (outside data blocks, in document
   * order): the engine reads them from the model's index by name instead of handing the rule every
   * one of a large config's directives (over 100,000 in the 6 MB bench config) to skip. Called
   * rule by rule, after the `directive` visitors.
   */
  namedDirective?: { names: readonly string[]; visit(directive: ModelDirective): void };
  /** Called once after the walk. */
  end?(): void;
}

export interface RuleModuleMeta<Options> extends RuleMeta {
  messages: Record<string, string>;
  /**
   * Validates the rule's options from the configuration (`[severity, options]`). Rules define it
   * as a getter over `lazySchema`, so that reading `meta` does not load zod.
   */
  readonly options?: z.ZodType<Options>;
  defaultOptions?: Options;
}

export interface RuleModule<Options = Record<string, never>> {
  meta: RuleModuleMeta<Options>;
  create(context: RuleContext<Options>): RuleVisitors;
}

/** zod's namespace, as a rule's options schema is built with it. */
export type Zod = typeof z;

/**
 * A rule's options schema, built on the first call. zod is about 95 modules, most of a CLI cold
 * start's module loading: it is loaded only when a user gives options for a rule.
 */
export function lazySchema<Options>(build: (zod: Zod) => z.ZodType<Options>): () => z.ZodType<Options> {
  let schema: z.ZodType<Options> | undefined;
  return () => (schema ??= build((require('zod') as typeof import('zod')).z));
}

/**
 * The options a rule runs with, checked against its schema: undefined when they are invalid. The
 * engine passes `defaultOptions` overlaid with the user's options; options that are the defaults,
 * value for value, need no schema (and no zod).
 */
export function checkedOptions<Options extends object>(meta: RuleModuleMeta<Options>, options: Options): Options | undefined {
  if (meta.defaultOptions !== undefined && sameValues(options, meta.defaultOptions)) return options;
  const parsed = meta.options?.safeParse(options);
  return parsed?.success ? parsed.data : undefined;
}

function sameValues(a: unknown, b: object): boolean {
  if (a === null || typeof a !== 'object') return false;
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** A message template split at its placeholders: `texts` has one more entry than `keys`. */
interface Template {
  texts: string[];
  keys: string[];
  /** Each placeholder as written, kept when the data has no value for it. */
  placeholders: string[];
}

// Rules' messages are a fixed set: each is split once, not scanned with a regex per finding.
const templates = new Map<string, Template>();

function splitTemplate(template: string): Template {
  const split: Template = { texts: [], keys: [], placeholders: [] };
  let from = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    split.texts.push(template.slice(from, match.index));
    split.keys.push(match[1]);
    split.placeholders.push(match[0]);
    from = match.index + match[0].length;
  }
  split.texts.push(template.slice(from));
  return split;
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  let split = templates.get(template);
  if (!split) {
    split = splitTemplate(template);
    templates.set(template, split);
  }
  const { texts, keys, placeholders } = split;
  let out = texts[0];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    out += (key in data ? String(data[key]) : placeholders[i]) + texts[i + 1];
  }
  return out;
}
