/**
 * ngxlint's configuration file (`.ngxlintrc.json`, or the `"ngxlint"` key of package.json),
 * validated with zod: an unknown key or a bad value is a fatal error that names the JSON path and
 * what was expected. Loaded only when there is a configuration file to read.
 */
import { z } from 'zod';

export const RULE_LEVELS = ['off', 'warn', 'error'] as const;

export type RuleLevelText = (typeof RULE_LEVELS)[number];

const LEVEL_EXPECTED = 'expected "off", "warn" or "error"';
const ENTRY_EXPECTED = 'expected "off", "warn", "error" or ["off" | "warn" | "error", { options }]';

const level = z.enum(RULE_LEVELS, { error: LEVEL_EXPECTED });

/** `"warn"`, or `["warn"]`, or `["warn", { …options }]`. */
export const ruleEntrySchema = z.union([level, z.tuple([level]), z.tuple([level, z.record(z.string(), z.unknown())])], {
  error: ENTRY_EXPECTED,
});

const versionSchema = z.string({ error: 'expected a version such as "1.24.0"' }).regex(/^\d+\.\d+(\.\d+)?$/, 'expected a version such as "1.24.0"');

const glob = z.string({ error: 'expected a glob (a string)' }).min(1, 'expected a glob, not an empty string');

export const settingsFileSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z.record(z.string(), ruleEntrySchema, { error: 'expected an object of rule ids and levels' }).optional(),
    nginxVersion: versionSchema.optional(),
    includeRoot: z.string({ error: 'expected a folder ([/etc/nginx=]DIR)' }).min(1, 'expected a folder, not an empty string').optional(),
    websocket: z
      .object({
        paths: z.array(z.string({ error: 'expected a location path (a string)' }).min(1, 'expected a location path, not an empty string')).optional(),
        heuristics: z.boolean({ error: 'expected true or false' }).optional(),
      })
      .strict()
      .optional(),
    ignore: z.array(glob, { error: 'expected an array of globs' }).optional(),
    overrides: z
      .array(
        z
          .object({
            files: z.union([glob, z.array(glob).min(1, 'expected at least one glob')], { error: 'expected a glob or a non-empty array of globs' }),
            rules: z.record(z.string(), ruleEntrySchema, { error: 'expected an object of rule ids and levels' }),
          })
          .strict(),
        { error: 'expected an array of { files, rules }' },
      )
      .optional(),
  })
  .strict();

export type SettingsFile = z.infer<typeof settingsFileSchema>;
export type RuleEntry = z.infer<typeof ruleEntrySchema>;

/** The keys each object of the file may have, by JSON path (array indexes as `[]`). */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(settingsFileSchema.shape),
  websocket: ['paths', 'heuristics'],
  'overrides[]': ['files', 'rules'],
};

/** `rules.x`, `overrides[0].files`: a JSON path as people write it. */
export function jsonPath(parts: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function valueAt(root: unknown, parts: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

export interface DescribeOptions {
  /** Put before the issue's path: `ngxlint` (package.json), `rules.x[1]` (a rule's options). */
  prefix?: ReadonlyArray<PropertyKey>;
  /** The value that was validated, to say what was found (`got "wrn"`). */
  input?: unknown;
  /** Whether the value is the configuration file itself (so unknown keys can list the known ones). */
  settingsFile?: boolean;
}

type Issue = z.ZodError['issues'][number];

/**
 * What to say about a value no branch of a union accepts. zod reports the union as one issue,
 * "Invalid input", with each branch's issues inside: say what the branch that got furthest said
 * (`"abc" is not an nginx time`), or, when every branch wanted another type, the types it wanted.
 */
function unionCause(issue: Issue): Issue {
  let current = issue;
  // A union with a message of its own (`expected "off", "warn", "error" or [level, options]`) says it best.
  while (current.code === 'invalid_union' && current.errors.length > 0 && current.message === 'Invalid input') {
    const firsts = current.errors.map((branch) => branch[0]).filter((i): i is Issue => i !== undefined);
    const deeper = firsts.find((i) => i.code !== 'invalid_type');
    if (deeper) {
      current = { ...deeper, path: [...current.path, ...deeper.path] } as Issue;
      continue;
    }
    const expected = [...new Set(firsts.map((i) => (i.code === 'invalid_type' ? String(i.expected) : '')).filter(Boolean))];
    if (expected.length === 0) break;
    const last = expected.pop();
    return { ...current, message: `expected ${expected.length > 0 ? `${expected.join(', ')} or ${last}` : last}` };
  }
  return current;
}

/**
 * zod's first issue as one line that names the JSON path and what was expected:
 * `rules.websocket-http-version: expected "off", "warn", "error" or […], got "wrn"`.
 */
export function describeZodError(error: z.ZodError, options: DescribeOptions = {}): string {
  const { prefix = [], input, settingsFile = false } = options;
  const issue = unionCause(error.issues[0]);
  const where = jsonPath([...prefix, ...issue.path]);
  const at = (message: string) => (where ? `${where}: ${message}` : message);
  if (issue.code === 'unrecognized_keys') {
    const shape = jsonPath(issue.path.map((p) => (typeof p === 'number' ? '[]' : p))).replace(/\.\[\]/g, '[]');
    const known = settingsFile ? KNOWN_KEYS[shape] : undefined;
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return at(`unknown key ${keys}${known ? ` (expected one of: ${known.join(', ')})` : ''}`);
  }
  let message = issue.message.replace(/^Invalid input: /, '').replace(/, received (\w+)$/, ', got $1');
  if (message === '' || message === 'Invalid input') message = 'invalid value';
  if (/^[A-Z][a-z]/.test(message)) message = message[0].toLowerCase() + message.slice(1);
  if (/, got undefined$/.test(message)) message = `missing (${message.replace(/, got undefined$/, '')})`;
  if (input !== undefined && !/, got /.test(message) && issue.code !== 'too_small' && issue.code !== 'too_big') {
    const got = valueAt(input, issue.path);
    const shown = got === undefined ? 'nothing' : typeName(got);
    // A rule's own message may already quote the value (`"abc" is not an nginx time`).
    if ((got !== undefined || issue.code === 'invalid_type') && !message.includes(shown)) message += `, got ${shown}`;
  }
  return at(message);
}
