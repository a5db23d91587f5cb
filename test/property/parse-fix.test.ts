/**
 * Properties of the parser and the fixer over random configs (test/support/config-generator.ts):
 *
 * 1. Parsing, building the payload, linting and fixing never throw, whatever the input: errors
 *    are values (findings), never exceptions.
 * 2. The text rebuilt from the syntax tree's ranges is the input; what the tree loses is only in
 *    files that do not parse, and the rebuilt text plus the lost pieces is the input, byte for byte.
 * 3. `--fix` is idempotent: fixing the fixed config changes nothing.
 * 4. The fixed config parses with no error it did not have, and has no rule error it did not have
 *    (the same error on a line a fix copied counts as the same).
 * 5. A fix changes nothing outside the place it reports: every edit lies inside the directive
 *    (and its block) the finding points at, or adds the standard `map $http_upgrade
 *    $connection_upgrade` block, exactly as the fixer writes it, directly into an `http` block (a
 *    suggestion may add websocket-upgrade-smuggling's map the same way); and the line diff of the
 *    whole --fix touches only those places: a hunk with any other line in it does not pass.
 *
 * `npm run fuzz -- --runs N` runs each property N times (NGXLINT_FUZZ_SEED=… replays a failure).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { diffLines } from 'diff';
import type { ConfigFile, DirectiveNode, StatementNode } from '../../src/parse/ast';
import { buildPayload, parseConfig, parseText, type ParseOptions, type ParsedConfig } from '../../src/parse/config';
import { rebuildText } from '../../src/parse/rebuild';
import { lintConfig, type EngineOptions, type EngineResult } from '../../src/lint/engine';
import { fixConfig } from '../../src/fix/fix-loop';
import type { Finding, TextEdit } from '../../src/lint/types';
import { RULES } from '../../rules/index';
import {
  anyBytesArbitrary,
  anyTextArbitrary,
  configFilesArbitrary,
  configTextArbitrary,
  fuzzParameters,
  fuzzTimeout,
  noisyWebSocketSetupArbitrary,
  webSocketSetupArbitrary,
  type ConfigFiles,
} from '../support/config-generator';

jest.setTimeout(fuzzTimeout(600_000));

const ENGINE: EngineOptions = {
  rules: RULES,
  settings: { target: {}, websocket: { paths: [], heuristics: true } },
};

let root: string;
let runCounter = 0;
beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-prop-')));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes a config's files to a fresh folder; returns the main file's absolute path. */
function materialize(config: ConfigFiles | { files: Record<string, string>; main: string }): string {
  const dir = path.join(root, String(runCounter++));
  for (const [name, text] of Object.entries(config.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, config.main);
}

const PARSE: ParseOptions = { mainContext: 'infer' };

/** Everything a user can make ngxlint do with a config, with every option of `parse`. */
function everything(main: string, sources?: Map<string, string | Buffer>): void {
  for (const options of [
    { ...PARSE, sources },
    { sources, comments: true, combine: true },
    { sources, single: true, strict: true },
  ] satisfies ParseOptions[]) {
    const config = parseConfig(main, options);
    JSON.stringify(buildPayload(config, { combine: options.combine }));
  }
  lintConfig(main, { ...PARSE, sources }, ENGINE);
  fixConfig(main, { ...PARSE, sources }, ENGINE, ['safe', 'unsafe']);
}

describe('1. errors are values: nothing throws', () => {
  test('grammar configs (odd quoting, escapes, comments, Lua, nesting)', () => {
    fc.assert(
      fc.property(configTextArbitrary(), (text) => {
        everything('/virtual/nginx.conf', new Map([['/virtual/nginx.conf', text]]));
      }),
      fuzzParameters(150),
    );
  });

  test('any text, any bytes', () => {
    fc.assert(
      fc.property(fc.oneof(anyTextArbitrary, anyBytesArbitrary), (input) => {
        const bytes = typeof input === 'string' ? input : Buffer.from(input);
        everything('/virtual/nginx.conf', new Map([['/virtual/nginx.conf', bytes]]));
      }),
      fuzzParameters(150),
    );
  });

  test('several files with includes (by name, by glob, missing, cycles)', () => {
    fc.assert(
      fc.property(configFilesArbitrary(), (config) => {
        everything(materialize(config));
      }),
      fuzzParameters(60),
    );
  });
});

describe('2. the syntax tree accounts for every byte', () => {
  test('rebuilt text + lost pieces = input; nothing is lost in a file that parses', () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: configTextArbitrary() }, { weight: 1, arbitrary: anyTextArbitrary }), (text) => {
        const { ast } = parseText('/virtual/nginx.conf', text);
        const { text: rebuilt, lost } = rebuildText(ast);
        // Removing the lost pieces from the input gives exactly the rebuilt text.
        let withoutLost = '';
        let at = 0;
        for (const piece of lost) {
          expect(ast.text.slice(piece.offset, piece.offset + piece.text.length)).toBe(piece.text);
          withoutLost += ast.text.slice(at, piece.offset);
          at = piece.offset + piece.text.length;
        }
        withoutLost += ast.text.slice(at);
        expect(rebuilt).toBe(withoutLost);
        if (lost.length > 0) {
          const config = parseConfig('/virtual/nginx.conf', { sources: new Map([['/virtual/nginx.conf', text]]) });
          expect(config.files[0].errors.length).toBeGreaterThan(0);
        }
      }),
      fuzzParameters(300),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Fix properties
// ---------------------------------------------------------------------------------------------

function errorReasons(config: ParsedConfig): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of config.files) for (const e of f.errors) counts.set(`${f.path}\0${e.reason}`, (counts.get(`${f.path}\0${e.reason}`) ?? 0) + 1);
  return counts;
}

function ruleErrors(result: EngineResult): Finding[] {
  return result.findings.filter((f) => f.severity === 'error' && f.ruleId !== 'parse-error');
}

/** A rule error as a problem: its rule and text without line references ("(line 12)", "line 4 of x.conf"). */
function problemOf(f: Finding): string {
  return `${f.ruleId}\0${f.message.replace(/\bline \d+(?: of [^\s)]+)?/g, 'line')}`;
}

/** The directives whose ranges hold a 1-based line and column, outermost first. */
function directivesAt(statements: readonly StatementNode[], line: number, column: number): DirectiveNode[] {
  const before = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line < b.line || (a.line === b.line && a.column <= b.column);
  for (const s of statements) {
    if (s.kind !== 'directive') continue;
    const { start, end } = s.range;
    if (!before(start, { line, column }) || before(end, { line, column })) continue;
    return [s, ...(s.block ? directivesAt(s.block.children, line, column) : [])];
  }
  return [];
}

// What a fix may add outside the place it reports: a known map block of $http_upgrade, exactly
// as the fixer writes it (header, two body lines one indentation step in, closing brace), as whole
// lines. An edit puts it after the last line of the block (a line break first), or before the
// block's first server (a blank line after it); a hunk of the line diff is its lines, with that
// blank line. The arguments are regular expressions.
interface MapShape {
  atLineEnd: RegExp;
  atLineStart: RegExp;
  hunk: RegExp;
}

function mapShape(header: string, body: [string, string]): MapShape {
  const [first, second] = body;
  return {
    atLineEnd: new RegExp(String.raw`^(\r?\n)([ \t]*)${header} \{\1\2([ \t]+)${first}\1\2\3${second}\1\2\}$`),
    atLineStart: new RegExp(String.raw`^([ \t]*)${header} \{(\r?\n)\1([ \t]+)${first}\2\1\3${second}\2\1\}\2\2$`),
    hunk: new RegExp(String.raw`^([ \t]*)${header} \{(\r?\n)\1([ \t]+)${first}\2\1\3${second}\2\1\}\2(?:\2)?$`),
  };
}

/** The empty string in either quote: fixes write it with the file's own quote (src/fix/fixer.ts quoteAs). */
const EMPTY_STRING = `(?:''|"")`;
/** The map safe fixes add for `Connection $connection_upgrade` (rules/support/websocket-headers.ts). */
const CONNECTION_UPGRADE_MAP = mapShape(String.raw`map \$http_upgrade \$connection_upgrade`, ['default upgrade;', `${EMPTY_STRING} close;`]);
/** The map websocket-upgrade-smuggling suggests (a suggestion: --fix never applies it). */
const WS_UPGRADE_MAP = mapShape(String.raw`map \$http_upgrade \$(?:ws_upgrade|websocket_upgrade|ngxlint_ws_upgrade)`, [
  `default ${EMPTY_STRING};`,
  String.raw`~\*\^websocket\$ websocket;`,
]);

/** The block directive whose braces hold `offset` directly (not inside one of its own blocks). */
function blockAt(statements: readonly StatementNode[], offset: number): DirectiveNode | undefined {
  for (const s of statements) {
    if (s.kind !== 'directive' || !s.block) continue;
    const close = s.block.close?.start.offset ?? Infinity;
    if (offset >= s.block.open.end.offset && offset <= close) return blockAt(s.block.children, offset) ?? s;
  }
  return undefined;
}

/** An edit that inserts one of `maps`, and nothing else, directly into an http block. */
function isMapEdit(edit: TextEdit, ast: ConfigFile, maps: MapShape[]): boolean {
  if (edit.start !== edit.end || blockAt(ast.statements, edit.start)?.name !== 'http') return false;
  const { text } = ast;
  const atLineStart = edit.start === 0 || text[edit.start - 1] === '\n';
  const atLineEnd = edit.start === text.length || text[edit.start] === '\n' || text[edit.start] === '\r';
  return maps.some((m) => (atLineStart && m.atLineStart.test(edit.text)) || (atLineEnd && m.atLineEnd.test(edit.text)));
}

interface Scope {
  file: string;
  start: number;
  end: number;
}

/**
 * Where a finding may change text: the block directive it points at (a location), or, for a
 * simple directive (a proxy_set_header line), the block that directive stands in — the level the
 * finding is about. A top-level simple directive of a snippet: the whole file.
 */
function scopeOf(finding: Finding, result: EngineResult): Scope | undefined {
  const file = result.config.files.find((f) => f.path === finding.file);
  if (!file?.ast) return undefined;
  const chain = directivesAt(file.ast.statements, finding.start.line, finding.start.column);
  const d = chain[chain.length - 1];
  if (!d) return undefined;
  const level = d.block ? d : chain[chain.length - 2];
  if (!level) return { file: file.path, start: 0, end: file.ast.text.length };
  return { file: file.path, start: level.range.start.offset, end: level.range.end.offset };
}

/** Property 5 for one lint result: every edit of every fix and suggestion stays in its finding's scope. */
function expectEditsInScope(result: EngineResult): Scope[] {
  const asts = new Map(result.config.files.filter((f) => f.ast).map((f) => [f.path, f.ast!]));
  const scopes: Scope[] = [];
  for (const finding of result.findings) {
    const fixes = [
      ...(finding.fix ? [{ fix: finding.fix, maps: [CONNECTION_UPGRADE_MAP] }] : []),
      ...(finding.suggestions ?? []).map((fix) => ({ fix, maps: [CONNECTION_UPGRADE_MAP, WS_UPGRADE_MAP] })),
    ];
    if (fixes.length === 0) continue;
    const scope = scopeOf(finding, result);
    if (scope) scopes.push(scope);
    for (const { fix, maps } of fixes) {
      for (const edit of fix.edits) {
        const ast = asts.get(edit.file);
        if (ast !== undefined && isMapEdit(edit, ast, maps)) continue;
        const inside = !!scope && edit.file === scope.file && edit.start >= scope.start && edit.end <= scope.end;
        if (!inside) {
          throw new Error(
            `${finding.ruleId} at ${finding.file}:${finding.start.line}:${finding.start.column} edits ${edit.file}[${edit.start},${edit.end}) ` +
              `${JSON.stringify(edit.text)} outside the directive it reports (${scope ? `[${scope.start},${scope.end})` : 'none found'})`,
          );
        }
      }
    }
  }
  return scopes;
}

/** The lines (1-based) of a text holding offsets [start, end]. */
function linesOf(text: string, start: number, end: number): [number, number] {
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  return [line(start), line(end)];
}

/** A text's lines, each with its line ending. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Whether `inserted` lines, inserted before original line `at` (0-based), are the map --fix adds
 * for `$connection_upgrade`, directly in an http block. A line diff may place an insertion a few
 * lines up or down when the lines around it equal its own (a `}` above the map's `}`): every such
 * placement is tried.
 */
function isConnectionUpgradeMapHunk(lines: string[], at: number, inserted: string[], ast: ConfigFile): boolean {
  const offsetOf = (line: number) => lines.slice(0, line).reduce((n, l) => n + l.length, 0);
  const fits = (hunk: string[], line: number) =>
    CONNECTION_UPGRADE_MAP.hunk.test(hunk.join('')) && blockAt(ast.statements, offsetOf(line))?.name === 'http';
  if (fits(inserted, at)) return true;
  for (let hunk = inserted, line = at; line > 0 && lines[line - 1] === hunk[hunk.length - 1]; ) {
    hunk = [lines[line - 1], ...hunk.slice(0, -1)];
    line--;
    if (fits(hunk, line)) return true;
  }
  for (let hunk = inserted, line = at; line < lines.length && lines[line] === hunk[0]; ) {
    hunk = [...hunk.slice(1), lines[line]];
    line++;
    if (fits(hunk, line)) return true;
  }
  return false;
}

/** Property 5 for the whole --fix: every changed line of every file lies in a scope, or is the map added to http. */
function expectDiffInScopes(original: ConfigFile, fixed: string, scopes: Scope[]): void {
  const file = original.path;
  const ranges = scopes.filter((s) => s.file === file).map((s) => linesOf(original.text, s.start, s.end));
  const originalLines = splitLines(original.text);
  let line = 1; // the next original line
  for (const part of diffLines(original.text, fixed)) {
    const count = part.count ?? part.value.split('\n').length - 1;
    if (part.added) {
      // Inserted before original line `line`: inside a scope (between its first and last line), or the map.
      const ok =
        ranges.some(([a, b]) => a <= line && line <= b + 1) ||
        isConnectionUpgradeMapHunk(originalLines, line - 1, splitLines(part.value), original);
      if (!ok) throw new Error(`${file}: lines inserted before line ${line} outside every reported place:\n${part.value}`);
    } else if (part.removed) {
      const ok = ranges.some(([a, b]) => a <= line && line + count - 1 <= b);
      if (!ok) throw new Error(`${file}: lines ${line}-${line + count - 1} changed outside every reported place:\n${part.value}`);
      line += count;
    } else {
      line += count;
    }
  }
}

function checkFixProperties(main: string): void {
  const initial = lintConfig(main, PARSE, ENGINE);
  const scopes = expectEditsInScope(initial);
  const first = fixConfig(main, PARSE, ENGINE, ['safe']);
  if (first.abandoned) throw new Error(`the fix loop gave up: ${first.abandoned}`);
  const sources = new Map<string, string>(first.files.map((f) => [f.path, f.fixed]));

  // 3. idempotent
  const second = fixConfig(main, { ...PARSE, sources }, ENGINE, ['safe']);
  expect(second.files.map((f) => ({ path: f.path, diff: diffLines(f.original, f.fixed).filter((p) => p.added || p.removed) }))).toEqual([]);

  // 4. no new parse error, no more errors of any rule
  const after = lintConfig(main, { ...PARSE, sources }, ENGINE);
  const before = errorReasons(initial.config);
  for (const [reason, n] of errorReasons(after.config)) {
    if (n > (before.get(reason) ?? 0)) throw new Error(`the fixed config has a new parse error: ${reason.replace('\0', ': ')}`);
  }
  // A rule error may repeat one the config had (a fix that copies inherited header lines into a
  // location copies an undefined variable in them along); any other is new.
  const problemsBefore = new Set(ruleErrors(initial).map(problemOf));
  const rulesBefore = new Map<string, number>();
  for (const f of ruleErrors(initial)) rulesBefore.set(f.ruleId, (rulesBefore.get(f.ruleId) ?? 0) + 1);
  const newProblems = ruleErrors(after).filter((f) => !problemsBefore.has(problemOf(f)));
  if (newProblems.length > 0) {
    const rule = newProblems[0].ruleId;
    throw new Error(`the fixed config has new ${rule} errors (it had ${rulesBefore.get(rule) ?? 0}):\n${newProblems.map((f) => f.message).join('\n')}`);
  }

  // 5. nothing changes outside the reported places (the remaining findings' edits too)
  expectEditsInScope(after);
  for (const f of first.files) {
    const original = initial.config.files.find((file) => file.path === f.path)?.ast;
    if (original?.text !== f.original) throw new Error(`${f.path} was fixed from a text that is not the one the config parsed`);
    expectDiffInScopes(original, f.fixed, scopes);
  }
}

describe('3-5. --fix: idempotent, no new errors, only where it reports', () => {
  test('WebSocket setups (every level nginx inherits from, snippets, CRLF, one-line blocks)', () => {
    fc.assert(
      fc.property(webSocketSetupArbitrary, (setup) => {
        checkFixProperties(materialize(setup));
      }),
      fuzzParameters(150),
    );
  });

  test('WebSocket setups with grammar noise (odd statements and comments between their lines)', () => {
    fc.assert(
      fc.property(noisyWebSocketSetupArbitrary, (setup) => {
        checkFixProperties(materialize(setup));
      }),
      fuzzParameters(100),
    );
  });

  test('grammar configs and several files', () => {
    fc.assert(
      fc.property(
        fc.oneof(configFilesArbitrary(), configTextArbitrary().map((text) => ({ files: { 'nginx.conf': text }, main: 'nginx.conf' }))),
        (config) => {
          checkFixProperties(materialize(config));
        },
      ),
      fuzzParameters(100),
    );
  });
});
