/**
 * The config model: the context tree of a whole configuration across include files
 * (main → http → server → location (nested) → if / limit_except, and upstream, map … blocks),
 * with every directive knowing its file. Include directives are replaced by the statements of the
 * files they include, at the place they stand, as nginx does.
 *
 * Rules ask the model ("what does this location effectively send upstream?", see ./inheritance.ts)
 * instead of walking syntax trees.
 */
import type { CommentNode, ConfigFile, DirectiveNode } from '../parse/ast';
import type { ParsedConfig, ParsedFile } from '../parse/config';
import { MAX_NESTING_DEPTH } from '../parse/parser';
import type { EffectiveHeaders } from './inheritance';
import type { NginxTarget } from './nginx-version';
import type { WebSocketLocation } from './websocket';

/** A level of configuration: a block and what it holds. */
export interface Level {
  /** `main`, or the name of the directive that opened the block (`http`, `server`, `location`, `if` …). */
  kind: string;
  /** The directive that opened this block (absent for main). */
  opener?: ModelDirective;
  parent?: Level;
  /** Directives of this level in order, includes expanded (include directives themselves are kept too). */
  directives: ModelDirective[];
  /** Comments of this level, includes expanded, in order. */
  comments: ModelComment[];
  /** Nested levels in order. */
  children: Level[];
  /** Answers model queries work out about this level once (see LevelMemo); not part of the config. */
  memo: LevelMemo;
}

/**
 * What queries of the model modules keep per level. Fields of the level rather than WeakMap
 * entries: a profile of the 6 MB bench config showed WeakMap writes for its 23k locations among
 * the top lines of the lint.
 */
export interface LevelMemo {
  /** directivesNamed: the level's directives of each name asked about, for a level of more than INDEXED_SIZE. */
  byName: Map<string, readonly ModelDirective[]> | undefined;
  /** ./inheritance.ts: the header lines that apply where this level defines them (for one target and directive). */
  headers: { target: NginxTarget; directiveName: string; effective: EffectiveHeaders } | undefined;
  /** ./websocket.ts: the level as a WebSocket location, null when it is none. */
  webSocket: WebSocketLocation | null | undefined;
  /** ./websocket.ts: its proxy_set_header lines that ask for an upgrade. */
  upgradeHeaderLines: readonly ModelDirective[] | undefined;
  /** ./websocket.ts: its comments by line (for `# ngxlint websocket` marks of its locations). */
  commentsByLine: ReadonlyMap<number, readonly ModelComment[]> | undefined;
}

function newLevel(kind: string, parent?: Level, opener?: ModelDirective): Level {
  const memo: LevelMemo = { byName: undefined, headers: undefined, webSocket: undefined, upgradeHeaderLines: undefined, commentsByLine: undefined };
  return { kind, opener, parent, directives: [], comments: [], children: [], memo };
}

export interface ModelDirective {
  node: DirectiveNode;
  /** The file that holds the directive. */
  file: ParsedFile;
  level: Level;
  /** The include directives this one was reached through, outermost first. */
  includedVia: ModelDirective[];
  /** The directive's argument values. */
  args: string[];
  /** The block this directive opens, if any. */
  block?: Level;
}

/**
 * A directive of the model. Its argument values are the syntax tree's, made when first asked for:
 * most directives of a large config are never asked, and an array for each of them made the
 * model's build a large share of lint time (they outlive the young generation and get copied).
 */
class Directive implements ModelDirective {
  block: Level | undefined = undefined;

  constructor(
    readonly node: DirectiveNode,
    readonly file: ParsedFile,
    readonly level: Level,
    readonly includedVia: ModelDirective[],
  ) {}

  get args(): string[] {
    // The tree's own values array (made without argument nodes); nothing mutates arguments.
    return this.node.argValues as string[];
  }
}

export interface ModelComment {
  node: CommentNode;
  file: ParsedFile;
}

export interface IncludeCycle {
  /** The include directive that closes the cycle. */
  directive: ModelDirective;
  /** Paths of the files in the cycle, from the file that is included again. */
  files: string[];
}

export interface ConfigModel {
  config: ParsedConfig;
  root: Level;
  /** The file the model starts from. */
  mainFile: ParsedFile;
  /** Every level, in document order. */
  levels: Level[];
  /** Every directive, in document order (includes expanded). */
  directives: ModelDirective[];
  /**
   * Every directive by name, in document order: a question about one directive (every `map`, any
   * `load_module`) need not read all of a large config's directives.
   */
  directivesByName: ReadonlyMap<string, readonly ModelDirective[]>;
  /** Include cycles found while expanding includes. */
  cycles: IncludeCycle[];
  /** Whether the model starts at nginx's top level (a complete config) rather than a snippet. */
  isCompleteConfig: boolean;
}

/** Block directives whose contents are data (map entries, mime types …), not directives. */
const DATA_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map', 'match']);

export function isDataBlockKind(kind: string): boolean {
  return DATA_BLOCKS.has(kind);
}

export function buildModel(config: ParsedConfig, mainIndex = 0): ConfigModel {
  const mainFile = config.files[mainIndex];
  const levels: Level[] = [];
  const directives: ModelDirective[] = [];
  const directivesByName = new Map<string, ModelDirective[]>();
  const cycles: IncludeCycle[] = [];

  // A snippet checked on its own starts inside the context it was inferred to be in: the root
  // stands for the innermost of those levels.
  const rootKind = mainFile.context.length > 0 ? mainFile.context[mainFile.context.length - 1] : 'main';
  let root = newLevel(rootKind);
  // Outer levels of a snippet's context exist but hold nothing.
  if (mainFile.context.length > 0) {
    let outer = newLevel('main');
    const top = outer;
    for (const kind of mainFile.context.slice(0, -1)) {
      const level = newLevel(kind, outer);
      outer.children.push(level);
      outer = level;
    }
    root = newLevel(rootKind, outer);
    outer.children.push(root);
    levels.push(top);
  }
  levels.push(root);

  function addStatements(
    file: ParsedFile,
    statements: ConfigFile['statements'],
    level: Level,
    includedVia: ModelDirective[],
    fileStack: number[],
    /** Blocks and includes around these statements. */
    depth: number,
  ): void {
    for (const statement of statements) {
      if (statement.kind === 'comment') {
        level.comments.push({ node: statement, file });
        continue;
      }
      const directive = new Directive(statement, file, level, includedVia);
      if (statement.comments) for (const c of statement.comments) level.comments.push({ node: c, file });
      level.directives.push(directive);
      directives.push(directive);
      const named = directivesByName.get(statement.name);
      if (named) named.push(directive);
      else directivesByName.set(statement.name, [directive]);
      if (statement.name === 'include') {
        const included = config.includes.get(statement) ?? [];
        for (const index of included) {
          if (fileStack.includes(index)) {
            const from = fileStack.indexOf(index);
            cycles.push({ directive, files: fileStack.slice(from).map((i) => config.files[i].path) });
            continue;
          }
          const target = config.files[index];
          if (!target.ast) continue;
          // The parser stops include chains at MAX_NESTING_DEPTH, but a file it read near the top may
          // be included again deep down: never recurse past the limit (no stack overflow).
          if (depth >= MAX_NESTING_DEPTH) continue;
          addStatements(target, target.ast.statements, level, [...includedVia, directive], [...fileStack, index], depth + 1);
        }
      }
      if (statement.block) {
        const child = newLevel(statement.name, level, directive);
        directive.block = child;
        level.children.push(child);
        levels.push(child);
        // Entries of data blocks (map, types …) become "directives" of their level too, so an
        // `include` inside a map works; rules skip data levels (isDataBlockKind).
        addStatements(file, statement.block.children, child, includedVia, fileStack, depth + 1);
      }
    }
  }

  if (mainFile.ast) addStatements(mainFile, mainFile.ast.statements, root, [], [mainIndex], 0);
  return {
    config,
    root,
    mainFile,
    levels,
    directives,
    directivesByName,
    cycles,
    isCompleteConfig: mainFile.context.length === 0,
  };
}

/** The levels from `level` up to the root, innermost first. */
export function ancestry(level: Level): Level[] {
  const out: Level[] = [];
  for (let l: Level | undefined = level; l; l = l.parent) out.push(l);
  return out;
}

/** The nearest enclosing level of a kind (the level itself included). */
export function enclosing(level: Level, kind: string): Level | undefined {
  for (let l: Level | undefined = level; l; l = l.parent) if (l.kind === kind) return l;
  return undefined;
}

const NONE: readonly ModelDirective[] = [];

/**
 * Levels with more directives than this are indexed by name; smaller ones (most locations) are
 * scanned: building a map for each of a large config's levels cost more than the scans it saved.
 */
const INDEXED_SIZE = 16;

/** `items` grouped by `keyOf`, each group in the items' order. */
export function groupBy<K, T>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * The directives of a large level with a name, found once per name asked: an http level may hold
 * thousands of servers. Only the names rules ask about (a handful) are kept, in arrays of their
 * exact size: an index of every name of every large level (some 3,000 servers of about 15 names
 * each in the 6 MB bench config) was the largest thing the rules kept alive.
 */
function namedInLargeLevel(level: Level, name: string): readonly ModelDirective[] {
  const byName = (level.memo.byName ??= new Map());
  let named = byName.get(name);
  if (named === undefined) {
    const all = level.directives;
    let count = 0;
    for (let i = 0; i < all.length; i++) if (all[i].node.name === name) count++;
    if (count === 0) named = NONE;
    else {
      const found = new Array<ModelDirective>(count);
      for (let i = 0, f = 0; f < count; i++) if (all[i].node.name === name) found[f++] = all[i];
      named = found;
    }
    byName.set(name, named);
  }
  return named;
}

/** Directives of a level with a name, in order. */
export function directivesNamed(level: Level, name: string): readonly ModelDirective[] {
  const all = level.directives;
  if (all.length > INDEXED_SIZE) return namedInLargeLevel(level, name);
  let found: ModelDirective[] | undefined;
  for (const d of all) if (d.node.name === name) (found ??= []).push(d);
  return found ?? NONE;
}

/** The first directive of a level with a name. */
export function firstDirectiveNamed(level: Level, name: string): ModelDirective | undefined {
  const all = level.directives;
  if (all.length > INDEXED_SIZE) return namedInLargeLevel(level, name)[0];
  for (const d of all) if (d.node.name === name) return d;
  return undefined;
}

/** The last directive of a level with a name: the one that wins for an ordinary directive. */
export function lastDirectiveNamed(level: Level, name: string): ModelDirective | undefined {
  const all = level.directives;
  if (all.length > INDEXED_SIZE) {
    const named = namedInLargeLevel(level, name);
    return named[named.length - 1];
  }
  for (let i = all.length - 1; i >= 0; i--) if (all[i].node.name === name) return all[i];
  return undefined;
}

const includedByCache = new WeakMap<ConfigModel, Map<ModelDirective, ModelDirective[]>>();

/**
 * The directives an `include` directive brings in (through nested includes too), in document order.
 * Indexed once per model: a fix asks this for every lost header line, and scanning every directive
 * of a 2,000-file tree per line made linting the tree take seconds.
 */
export function directivesIncludedBy(model: ConfigModel, include: ModelDirective): readonly ModelDirective[] {
  let index = includedByCache.get(model);
  if (!index) {
    index = new Map();
    const all = model.directives;
    for (let i = 0; i < all.length; i++) {
      const d = all[i];
      for (const via of d.includedVia) {
        const list = index.get(via);
        if (list) list.push(d);
        else index.set(via, [d]);
      }
    }
    includedByCache.set(model, index);
  }
  return index.get(include) ?? NONE;
}

/**
 * "line 12", or "line 12 of conf.d/ws.conf" when the directive stands in another file than the
 * one a message is read from (`seenFrom`; no file named when there is none).
 */
export function lineRef(d: ModelDirective, seenFrom: ParsedFile | undefined): string {
  return seenFrom && d.file !== seenFrom ? `line ${d.node.line} of ${d.file.path}` : `line ${d.node.line}`;
}

/** Every level below (and including) `level`, depth first. */
export function walkLevels(level: Level): Level[] {
  // An array, not a generator: a recursive generator makes an object per level and nesting depth,
  // and rules walk the levels under every location that sets headers.
  const out: Level[] = [];
  addLevels(level, out);
  return out;
}

function addLevels(level: Level, out: Level[]): void {
  out.push(level);
  for (const child of level.children) addLevels(child, out);
}

/** Location levels: `location` blocks at any depth (nested ones included). */
export function locationsOf(model: ConfigModel): Level[] {
  return model.levels.filter((l) => l.kind === 'location');
}

const byLevelCache = new WeakMap<ConfigModel, Map<string, ReadonlyMap<Level, readonly ModelDirective[]>>>();

/**
 * The directives of one name grouped by the level that holds them (each group in document order:
 * for a level, what directivesNamed gives), worked out once per model and name from
 * `directivesByName`. For questions asked of every level of a large config ("does this location
 * set proxy_set_header?"): most levels have none, and a lookup here costs less than scanning (or
 * indexing, for a large server) each level's directives.
 */
export function directivesNamedByLevel(model: ConfigModel, name: string): ReadonlyMap<Level, readonly ModelDirective[]> {
  let byName = byLevelCache.get(model);
  if (!byName) {
    byName = new Map();
    byLevelCache.set(model, byName);
  }
  let byLevel = byName.get(name);
  if (!byLevel) {
    byLevel = groupBy(model.directivesByName.get(name) ?? NONE, (d) => d.level);
    byName.set(name, byLevel);
  }
  return byLevel;
}
