/**
 * The fast lexer (src/parse/lexer.ts) against its oracle, the unit-at-a-time lexer it replaced
 * (test/support/reference-lexer.ts): for every config we have and for generated texts built from
 * the pieces crossplane's tokenizer treats specially, both yield the same tokens — kind, value,
 * crossplane's line, offsets, real lines and columns, whether the end of the file cut the last
 * one — and the same Lua error.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { lex, type LexOptions, type Token } from '../../src/parse/lexer';
import { lex as referenceLex } from '../support/reference-lexer';
import { REPO_ROOT, SHARED_CORPUS } from '../support/cli';
import { anyBytesArbitrary, anyTextArbitrary, configTextArbitrary, fuzzParameters } from '../support/config-generator';

function fastTokens(text: string, options: LexOptions): { tokens: Token[]; luaError?: { message: string; line: number } } {
  const { tokens, luaError } = lex(text, options);
  const list: Token[] = [];
  for (let i = 0; i < tokens.count; i++) list.push(tokens.token(i));
  return luaError ? { tokens: list, luaError } : { tokens: list };
}

function referenceTokens(text: string, options: LexOptions): { tokens: Token[]; luaError?: { message: string; line: number } } {
  const { tokens, luaError } = referenceLex(text, options);
  return luaError ? { tokens: tokens as Token[], luaError } : { tokens: tokens as Token[] };
}

function expectSameTokens(text: string, options: LexOptions = {}): void {
  const expected = referenceTokens(text, options);
  expect(fastTokens(text, options)).toEqual(expected);
  // An ASCII file is lexed from its bytes (lexFile passes them as the character codes).
  if (/^[\x00-\x7f]*$/.test(text)) {
    const bytes = Buffer.from(text, 'latin1');
    expect(fastTokens(text, { ...options, codes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) })).toEqual(expected);
  }
}

function configFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) out.push(...configFiles(full));
    else if (!/\.(json|md)$/.test(entry.name)) out.push(full);
  }
  return out;
}

const files = [SHARED_CORPUS, path.join(REPO_ROOT, 'test', 'fixtures'), path.join(REPO_ROOT, 'samples')].flatMap(configFiles);

describe('every config we have', () => {
  test('there are configs to check', () => {
    expect(files.length).toBeGreaterThan(100);
  });
  test.each(files.map((f) => [path.relative(path.resolve(REPO_ROOT, '..'), f), f]))('%s', (_name, file) => {
    const bytes = fs.readFileSync(file);
    expectSameTokens(bytes.toString('utf8'));
    expectSameTokens(bytes.toString('latin1'), { asciiWhitespaceOnly: true });
  });
});

/** Pieces the tokenizer treats specially, to glue into adversarial texts. */
const PIECES = [
  ' ', '  ', '\t', '\n', '\r\n', '\r', '\f', '\v', '\x1c', '\u00a0', '\u0085', '\u2003', '\u3000', '\ufeff',
  '{', '}', ';', '"', "'", '#', '$', '${', '${a}', '${a b}', '\\', '\\"', "\\'", '\\\n', '\\\r\n', '\\ ', '\\;', '\\{',
  'a', 'word', 'é', '😀', 'if', '(', ')', '=', '[', ']', '[[', ']]', '[==[', ']==]', '--', '--[[', '-',
  'content_by_lua_block', 'set_by_lua_block', 'set_by_lua_block $v', 'access_by_lua_block {', '"content_by_lua_block"',
  '# comment', '#\\', 'listen 80;', 'server {', 'location / {',
];
const adversarialText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

describe('texts that once told the two apart', () => {
  test.each([
    // A set_by_lua_block argument that starts with an escaped line break (the oracle's column was -1).
    ['set_by_lua_block \\\n '],
    ['set_by_lua_block \\\n$v {}'],
  ])('%j', (text) => expectSameTokens(text));
});

describe('generated texts', () => {
  test('pieces crossplane treats specially', () => {
    fc.assert(
      fc.property(adversarialText, fc.boolean(), (text, asciiWhitespaceOnly) => expectSameTokens(text, { asciiWhitespaceOnly })),
      fuzzParameters(3000),
    );
  });
  test('config-like texts', () => {
    fc.assert(fc.property(configTextArbitrary(), (text) => expectSameTokens(text)), fuzzParameters(500));
  });
  test('any text', () => {
    fc.assert(fc.property(anyTextArbitrary, (text) => expectSameTokens(text)), fuzzParameters(1000));
  });
  test('any bytes, read as latin1', () => {
    fc.assert(
      fc.property(anyBytesArbitrary, (bytes) => expectSameTokens(Buffer.from(bytes).toString('latin1'), { asciiWhitespaceOnly: true })),
      fuzzParameters(1000),
    );
  });
});
