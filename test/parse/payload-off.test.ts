/**
 * The linter parses without crossplane's payload (`payload: false`), and then checks a clean
 * file's statements from its syntax tree instead of reading its tokens again with crossplane's
 * statement reader (src/parse/crossplane.ts, readStatementsOfTree). Both must find exactly what
 * the payload parse finds: the same files in the same order, the same errors (text, line, whether
 * fatal, the token they point at), the same include links and contexts. Checked on every config of
 * the shared corpus, our fixtures and samples, and on generated configs spread over included files.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig, type ParseOptions, type ParsedConfig } from '../../src/parse/config';
import { REPO_ROOT, SHARED_CORPUS } from '../support/cli';
import { configFilesArbitrary, fuzzParameters, fuzzTimeout } from '../support/config-generator';

jest.setTimeout(fuzzTimeout(300_000));

/** What a parse found, as plain data (the tree itself is compared by the parser's own tests). */
function summary(config: ParsedConfig) {
  const files = config.files.map((f) => ({
    path: f.path,
    status: f.status,
    context: f.context,
    contextSource: f.contextSource,
    includedFrom: f.includedFrom,
    errors: f.errors.map((e) => ({ message: e.message, line: e.line, fatal: e.fatal, inPayload: e.inPayload, at: e.token && [e.token.startLine, e.token.startColumn] })),
  }));
  // Include links are keyed by the tree's include directives: read every tree first.
  for (const f of config.files) void f.ast;
  const includes = [...config.includes].map(([node, indexes]) => `${node.line}:${node.args.map((a) => a.value).join(' ')} -> ${indexes.join(',')}`).sort();
  return { status: config.status, files, includes };
}

const VARIANTS: Array<[string, ParseOptions]> = [
  ['crossplane defaults', {}],
  ['--strict', { strict: true }],
  ['--single-file', { single: true }],
  ['as the linter parses (context inferred)', { mainContext: 'infer' }],
];

function expectSameWithoutPayload(file: string): void {
  for (const [, options] of VARIANTS) {
    const withPayload = summary(parseConfig(file, options));
    const without = summary(parseConfig(file, { ...options, payload: false }));
    expect({ file, options, ...without }).toEqual({ file, options, ...withPayload });
  }
}

/** Every `.conf` file under `dir`, sorted. */
function confFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...confFiles(full));
    else if (entry.name.endsWith('.conf')) out.push(full);
  }
  return out;
}

const FILES = [
  ...confFiles(SHARED_CORPUS),
  ...confFiles(path.join(REPO_ROOT, 'test', 'fixtures')),
  ...confFiles(path.join(REPO_ROOT, 'samples')),
];

test('there are configs to compare, clean ones and broken ones', () => {
  expect(FILES.length).toBeGreaterThan(100);
  const broken = FILES.filter((f) => parseConfig(f, { payload: false }).status === 'failed');
  expect(broken.length).toBeGreaterThan(10);
  expect(FILES.length - broken.length).toBeGreaterThan(50);
});

test.each(FILES.map((f) => [path.relative(path.dirname(REPO_ROOT), f)]))('%s', (file) => {
  // Parsed from its own folder, as crossplane reads relative includes from the current folder.
  const absolute = path.resolve(path.dirname(REPO_ROOT), file);
  const cwd = process.cwd();
  process.chdir(path.dirname(absolute));
  try {
    expectSameWithoutPayload(absolute);
  } finally {
    process.chdir(cwd);
  }
});

/** Corners where crossplane's reader and the tree check could part: a data block's include without a file, `if`'s parentheses, an include in a map, a rejected statement after an include. */
const CORNERS: Record<string, string> = {
  'include without a file in a map': 'http {\n    map $a $b {\n        include;\n    }\n}\n',
  'include of a file in a map': 'http {\n    map $a $b {\n        include maps/*.map;\n        default 0;\n    }\n}\n',
  'if with parentheses': 'http { server { location / { if ($x = "a") { return 404; } if ( $y ) { return 403; } } } }\n',
  'a rejected statement after an include': 'http {\n    include missing.conf;\n    listen 80;\n}\n',
  'an include that fails, then a clean rest': 'events {}\nhttp {\n    include nowhere/*.conf;\n    include none.conf;\n}\n',
};

test.each(Object.entries(CORNERS))('%s', (_, text) => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-payload-off-')));
  const cwd = process.cwd();
  try {
    fs.mkdirSync(path.join(dir, 'maps'));
    fs.writeFileSync(path.join(dir, 'maps', 'a.map'), 'x 1;\n');
    fs.writeFileSync(path.join(dir, 'nginx.conf'), text);
    process.chdir(dir);
    expectSameWithoutPayload(path.join(dir, 'nginx.conf'));
  } finally {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('generated configs over included files (plain and glob includes, missing files, cycles)', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-payload-off-')));
  let run = 0;
  try {
    fc.assert(
      fc.property(configFilesArbitrary(), ({ files, main }) => {
        const dir = path.join(root, String(run++));
        for (const [name, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), text);
        }
        const cwd = process.cwd();
        process.chdir(dir);
        try {
          expectSameWithoutPayload(path.join(dir, main));
        } finally {
          process.chdir(cwd);
        }
      }),
      fuzzParameters(200),
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
