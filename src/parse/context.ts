/**
 * Which context a file is parsed in when it is checked on its own. A file meant to be included
 * (`sites-available/app` with `upstream` and `server` at its top, `snippets/proxy.conf` with bare
 * `proxy_*` lines) is not a main config: crossplane would call its first directive "not allowed
 * here". We pick the context in which its top-level directives are allowed, or take the one a
 * comment names: `# ngxlint context: http server`.
 */
import type { DirectiveNode, StatementNode } from './ast';
import { checkDirective, type Context } from './analyzer';
import { prepareIfArgs } from './crossplane';

/** Contexts a snippet may be written for, most common first. */
const CANDIDATES: readonly Context[] = [
  [],
  ['http'],
  ['http', 'server'],
  ['http', 'location'],
  ['http', 'location', 'if'],
  ['http', 'upstream'],
  ['stream'],
  ['stream', 'server'],
  ['stream', 'upstream'],
  ['mail'],
  ['mail', 'server'],
  ['events'],
];

const CONTEXT_COMMENT = /^\s*ngxlint\s+context\s*:\s*(.*?)\s*$/i;

/** The context a `# ngxlint context: …` comment names (`main` or `` means the top). */
export function contextFromComment(text: string): Context | undefined {
  const match = CONTEXT_COMMENT.exec(text);
  if (!match) return undefined;
  const words = match[1].split(/[\s,>/]+/).filter((w) => w && w !== 'main');
  return words;
}

function notAllowedCount(directives: readonly DirectiveNode[], context: Context): number {
  let count = 0;
  for (const node of directives) {
    let args = node.args.map((a) => a.value);
    if (node.name === 'if') args = prepareIfArgs(args);
    const reason = checkDirective({
      name: node.name,
      args,
      terminator: node.block ? '{' : ';',
      context,
      strict: false,
    });
    if (reason !== undefined && reason.endsWith('is not allowed here')) count++;
  }
  return count;
}

export function inferContext(statements: readonly StatementNode[]): { context: Context; source: 'main' | 'inferred' | 'comment' } {
  for (const statement of statements) {
    if (statement.kind !== 'comment') continue;
    const named = contextFromComment(statement.text);
    if (named) return { context: named, source: 'comment' };
  }
  const directives = statements.filter((s): s is DirectiveNode => s.kind === 'directive');
  if (directives.length === 0 || notAllowedCount(directives, []) === 0) return { context: [], source: 'main' };
  let best: Context = [];
  let bestCount = Infinity;
  for (const candidate of CANDIDATES) {
    const count = notAllowedCount(directives, candidate);
    if (count < bestCount) {
      best = candidate;
      bestCount = count;
      if (count === 0) break;
    }
  }
  return { context: best, source: 'inferred' };
}
