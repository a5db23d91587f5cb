/**
 * Where a directive of the syntax tree ends. The tree works its end token out from the token
 * arrays when asked (it keeps no field for it), so every way a directive can end is checked here:
 * its `;`, a Lua block's body, its block's `}`, the end of the file inside its block or its
 * arguments, and a `}` that comes before its `;`.
 */
import { parseText } from '../../src/parse/config';
import type { DirectiveNode, SourceRange, StatementNode } from '../../src/parse/ast';

function directives(statements: readonly StatementNode[]): DirectiveNode[] {
  const out: DirectiveNode[] = [];
  for (const s of statements) {
    if (s.kind !== 'directive') continue;
    out.push(s);
    if (s.block) out.push(...directives(s.block.children));
  }
  return out;
}

function textOf(text: string, range: SourceRange | undefined): string | undefined {
  return range === undefined ? undefined : text.slice(range.start.offset, range.end.offset);
}

/** Each directive's name, range text, `;` text and its block's brace texts. */
function ends(text: string) {
  const { ast } = parseText('test.conf', text);
  return directives(ast.statements).map((d) => ({
    name: d.name,
    range: textOf(text, d.range),
    semicolon: textOf(text, d.semicolon),
    open: textOf(text, d.block?.open),
    close: textOf(text, d.block?.close),
  }));
}

describe('the end of a directive', () => {
  test('its `;`', () => {
    expect(ends('listen 80 default_server;\nuser  nginx ;')).toEqual([
      { name: 'listen', range: 'listen 80 default_server;', semicolon: ';', open: undefined, close: undefined },
      { name: 'user', range: 'user  nginx ;', semicolon: ';', open: undefined, close: undefined },
    ]);
  });
  test('no arguments', () => {
    expect(ends('ip_hash;')).toEqual([{ name: 'ip_hash', range: 'ip_hash;', semicolon: ';', open: undefined, close: undefined }]);
  });
  test("its block's `}`, nested", () => {
    expect(ends('http { server { listen 80; } }')).toEqual([
      { name: 'http', range: 'http { server { listen 80; } }', semicolon: undefined, open: '{', close: '}' },
      { name: 'server', range: 'server { listen 80; }', semicolon: undefined, open: '{', close: '}' },
      { name: 'listen', range: 'listen 80;', semicolon: ';', open: undefined, close: undefined },
    ]);
  });
  test('a Lua block', () => {
    const text = 'content_by_lua_block { ngx.say("}") }\nlisten 80;';
    expect(ends(text).map((e) => [e.name, e.range, e.semicolon])).toEqual([
      ['content_by_lua_block', 'content_by_lua_block { ngx.say("}") }', undefined],
      ['listen', 'listen 80;', ';'],
    ]);
  });
  test('the end of the file inside its block: the last token', () => {
    expect(ends('events { worker_connections 10;')).toEqual([
      { name: 'events', range: 'events { worker_connections 10;', semicolon: undefined, open: '{', close: undefined },
      { name: 'worker_connections', range: 'worker_connections 10;', semicolon: ';', open: undefined, close: undefined },
    ]);
    expect(ends('events {')).toEqual([{ name: 'events', range: 'events {', semicolon: undefined, open: '{', close: undefined }]);
  });
  test('the end of the file inside its arguments: the last argument, or the name', () => {
    expect(ends('listen 80 ssl')).toEqual([{ name: 'listen', range: 'listen 80 ssl', semicolon: undefined, open: undefined, close: undefined }]);
    expect(ends('listen')).toEqual([{ name: 'listen', range: 'listen', semicolon: undefined, open: undefined, close: undefined }]);
  });
  test('a `}` before its `;`: the last argument, or the name', () => {
    expect(ends('server { listen 80 }')).toEqual([
      { name: 'server', range: 'server { listen 80 }', semicolon: undefined, open: '{', close: '}' },
      { name: 'listen', range: 'listen 80', semicolon: undefined, open: undefined, close: undefined },
    ]);
    expect(ends('server { ip_hash }').map((e) => e.range)).toEqual(['server { ip_hash }', 'ip_hash']);
  });
  test('comments between the arguments', () => {
    expect(ends('listen 80 # port\n  ssl;').map((e) => [e.range, e.semicolon])).toEqual([['listen 80 # port\n  ssl;', ';']]);
  });
});
