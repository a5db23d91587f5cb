/**
 * The `ngxlint` command (./main.ts starts it). Commands are loaded lazily: a plain lint must not
 * pay for the parse payload printer, the rule docs, SARIF or diff code.
 *
 * Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
 * 2 fatal (bad arguments, a missing or unreadable file, an invalid configuration). A fatal error is
 * one line on stderr; a stack trace only with --debug.
 *
 * yargs is loaded only for a command line that needs it: loading it and building the commands
 * costs more than linting a small file, and `ngxlint [--fix] FILES…` (what the pre-commit hooks
 * run) needs none of it.
 */
import { CliError } from './errors';
import { createDebug, type Debug } from './debug';
import type { LintCommandArgs } from './lint-command';

/** The one line a fatal error prints: never a stack trace, never a second line. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function fail(error: unknown, debug: Debug): number {
  if (error instanceof CliError) {
    process.stderr.write(`ngxlint: ${oneLine(error.message)}\n`);
    if (debug.enabled && error.stack) debug(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ngxlint: internal error: ${oneLine(message)}${debug.enabled ? '' : ' (run with --debug for details)'}\n`);
  if (debug.enabled && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
  return 2;
}

function packageVersion(): string {
  return (require('../../../package.json') as { version: string }).version;
}

/** A value yargs leaves as given: one string, or an array when the flag was repeated. */
function asList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * The value of an option that takes one value. yargs gives an array when a flag is repeated (so
 * that --rule and --ignore-pattern can be); for any other option a repeat is a usage error, not a
 * silent choice between the two values.
 */
function single<T>(value: T | T[] | undefined, flag: string): T | undefined {
  if (!Array.isArray(value)) return value;
  throw new CliError(`--${flag} given ${value.length} times (${value.map(String).join(', ')}): it takes one value`);
}

/** A repeated switch (`--fix --fix`, `--color --no-color`): the last one wins, as in ESLint. */
function lastSwitch(value: boolean | boolean[] | undefined): boolean | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function maxWarnings(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < -1) throw new CliError(`--max-warnings "${String(value)}": expected a whole number (-1: no limit)`);
  return n < 0 ? undefined : n;
}

/**
 * The values yargs gives the lint command's options that are not set. Kept here, not only in the
 * yargs definition below, because a plain lint runs without yargs.
 */
const LINT_DEFAULTS = { format: 'stylish', includes: true } as const;

/** The commands, and what yargs treats as a command when it is the first word. */
const COMMAND_WORDS = new Set(['parse', 'rules', 'explain', '$0']);

/**
 * The lint command's arguments when `argv` is what the pre-commit hooks run, `ngxlint FILES…` or
 * `ngxlint --fix FILES…`, and yargs would read it as just that; undefined for anything else. The
 * files must be plain words: none starts with a dash (an option, `-` or `--`), the first is no
 * command, the last is not `help` (which yargs takes for --help), and the word after --fix is
 * not `true` or `false` (which yargs takes for its value).
 */
function plainLintArgs(argv: string[]): LintCommandArgs | undefined {
  const fix = argv[0] === '--fix';
  const words = fix ? argv.slice(1) : argv;
  if (words.length > 0 && (COMMAND_WORDS.has(words[0]) || words[words.length - 1] === 'help')) return undefined;
  if (fix && (words[0] === 'true' || words[0] === 'false')) return undefined;
  if (words.some((word) => word.startsWith('-'))) return undefined;
  return { patterns: words, ...LINT_DEFAULTS, ...(fix ? { fix } : {}) };
}

function runLint(args: LintCommandArgs, debug: Debug): number {
  return (require('./lint-command') as typeof import('./lint-command')).runLintCommand(args, debug);
}

/** Runs the command line; returns the exit code. Never calls process.exit. */
export function main(argv: string[]): number {
  const debug = createDebug(argv.includes('--debug'));
  let exitCode = 0;
  const run = (fn: () => number) => {
    try {
      exitCode = fn();
    } catch (e) {
      exitCode = fail(e, debug);
    }
  };
  const plain = plainLintArgs(argv);
  if (plain) {
    run(() => runLint(plain, debug));
    return exitCode;
  }
  try {
    const yargs = require('yargs') as typeof import('yargs');
    yargs(argv)
      .scriptName('ngxlint')
      .usage('$0 [options] [files, folders, globs…]\n\nLint (and with --fix, fix) nginx configuration files.')
      .parserConfiguration({ 'greedy-arrays': false, 'duplicate-arguments-array': true })
      .exitProcess(false)
      .command(
        'parse <file>',
        "print crossplane's JSON payload for an nginx config",
        (y) =>
          y
            .positional('file', { type: 'string', demandOption: true, describe: 'the nginx config file' })
            .option('include-comments', { type: 'boolean', describe: 'include comments in the payload' })
            .option('combine', { type: 'boolean', describe: 'use includes to create one single file' })
            .option('single-file', { type: 'boolean', describe: 'do not include other config files' })
            .option('strict', { type: 'boolean', describe: 'report unknown directives' })
            .option('ignore', { type: 'string', requiresArg: true, describe: 'ignore directives (comma-separated)' })
            .option('indent', { type: 'number', alias: 'i', requiresArg: true, describe: 'number of spaces to indent output' })
            .option('include-root', {
              type: 'string',
              requiresArg: true,
              describe: 'folder that absolute include paths map into ([/etc/nginx=]DIR)',
            })
            .option('infer-context', { type: 'boolean', describe: 'parse a snippet in the context its directives need' })
            .option('out', { type: 'string', alias: 'o', requiresArg: true, describe: 'write output to a file' })
            .example('$0 parse /etc/nginx/nginx.conf --indent 2', 'the payload of a whole config, indented'),
        (args) =>
          run(() => {
            const indent = single(args.indent, 'indent');
            if (indent !== undefined && (!Number.isInteger(indent) || indent < 0)) {
              throw new CliError(`--indent "${String(indent)}": expected a whole number`);
            }
            return require('./parse-command').runParseCommand({
              file: args.file,
              includeComments: lastSwitch(args.includeComments),
              combine: lastSwitch(args.combine),
              singleFile: lastSwitch(args.singleFile),
              strict: lastSwitch(args.strict),
              ignore: single(args.ignore, 'ignore'),
              indent,
              includeRoot: single(args.includeRoot, 'include-root'),
              inferContext: lastSwitch(args.inferContext),
              out: single(args.out, 'out'),
            });
          }),
      )
      .command(
        'rules',
        'list the rules: id, default severity, fixability, description',
        (y) =>
          y
            .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, requiresArg: true })
            .example('$0 rules --format json', 'the list as JSON'),
        (args) => run(() => require('./rules-command').runRulesCommand(single(args.format, 'format') ?? 'text')),
      )
      .command(
        'explain <rule>',
        "show a rule's docs: what it flags, why, examples, its fix",
        (y) => y.positional('rule', { type: 'string', demandOption: true }).example('$0 explain websocket-http-version', ''),
        (args) => run(() => require('./rules-command').runExplainCommand(args.rule)),
      )
      .command(
        '$0 [patterns..]',
        'lint nginx config files, folders or globs',
        // An option's default goes in LINT_DEFAULTS too: a plain lint does not run this.
        (y) =>
          y
            .positional('patterns', { type: 'string', array: true, default: [] as string[], describe: 'files, folders, globs' })
            .option('fix', { type: 'boolean', describe: 'write safe fixes to the files' })
            .option('fix-unsafe', { type: 'boolean', describe: 'also write fixes that may change behaviour' })
            .option('fix-dry-run', { type: 'boolean', describe: 'print a unified diff of what --fix would change; write nothing' })
            .option('format', {
              alias: 'f',
              type: 'string',
              requiresArg: true,
              default: LINT_DEFAULTS.format,
              describe: 'stylish, json, sarif, github or compact',
            })
            .option('output-file', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the report to a file' })
            .option('max-warnings', {
              type: 'string',
              requiresArg: true,
              describe: 'exit with 1 when there are more warnings than this (-1: no limit)',
            })
            .option('quiet', { type: 'boolean', describe: 'report errors only' })
            .option('stdin', { type: 'boolean', describe: 'lint the text on standard input' })
            .option('stdin-filename', { type: 'string', requiresArg: true, describe: 'the file name to report for --stdin' })
            .option('config', { alias: 'c', type: 'string', requiresArg: true, describe: 'use this configuration file (.ngxlintrc.json)' })
            .option('rule', { type: 'string', requiresArg: true, describe: "set a rule's level: 'id: off|warn|error' (repeatable)" })
            .option('nginx-version', { type: 'string', requiresArg: true, describe: 'the nginx version the config targets, e.g. 1.24.0' })
            .option('include-root', {
              type: 'string',
              requiresArg: true,
              describe: 'folder that absolute include paths map into ([/etc/nginx=]DIR)',
            })
            .option('includes', { type: 'boolean', default: LINT_DEFAULTS.includes, describe: 'follow include directives (--no-includes: do not)' })
            .option('ignore-pattern', { type: 'string', requiresArg: true, describe: 'files to skip (glob, repeatable)' })
            .option('print-config', { type: 'string', requiresArg: true, describe: 'print the configuration that applies to a file' })
            .option('color', { type: 'boolean', describe: 'force colors on or off (--no-color); NO_COLOR and FORCE_COLOR work too' })
            .option('report-unused-disable-directives', { type: 'boolean', describe: 'report disable comments that suppress nothing (as errors)' })
            .option('list-rules', { type: 'boolean', describe: 'same as `ngxlint rules`' })
            .example('$0 /etc/nginx', 'lint a whole nginx folder')
            .example('$0 --include-root deploy/nginx deploy/nginx/nginx.conf', 'lint a config kept in a repository')
            .example('$0 --fix-dry-run sites-available/app', 'show what --fix would change')
            .example('$0 --fix .', 'apply the safe fixes')
            .example('$0 -f sarif -o ngxlint.sarif .', 'write SARIF for code scanning')
            .example("$0 --rule 'websocket-http-version: warn' .", "change a rule's level")
            .example('cat site.conf | $0 --stdin --stdin-filename sites-enabled/site', 'lint text from an editor'),
        (args) =>
          run(() => {
            if (lastSwitch(args.listRules)) return require('./rules-command').runRulesCommand(single(args.format, 'format') === 'json' ? 'json' : 'text');
            return runLint(
              {
                patterns: (args.patterns ?? []).map(String),
                fix: lastSwitch(args.fix),
                fixUnsafe: lastSwitch(args.fixUnsafe),
                fixDryRun: lastSwitch(args.fixDryRun),
                format: single(args.format, 'format'),
                outputFile: single(args.outputFile, 'output-file'),
                maxWarnings: maxWarnings(single(args.maxWarnings, 'max-warnings')),
                quiet: lastSwitch(args.quiet),
                stdin: lastSwitch(args.stdin),
                stdinFilename: single(args.stdinFilename, 'stdin-filename'),
                config: single(args.config, 'config'),
                rule: asList(args.rule),
                nginxVersion: single(args.nginxVersion, 'nginx-version'),
                includeRoot: single(args.includeRoot, 'include-root'),
                includes: lastSwitch(args.includes),
                ignorePattern: asList(args.ignorePattern),
                printConfig: single(args.printConfig, 'print-config'),
                color: lastSwitch(args.color),
                reportUnusedDisableDirectives: lastSwitch(args.reportUnusedDisableDirectives),
              },
              debug,
            );
          }),
      )
      .option('debug', { type: 'boolean', describe: 'print what ngxlint does on stderr, and stack traces of internal errors' })
      .strict()
      .fail((message, error) => {
        // yargs' own complaints (unknown option, missing value, bad choice) are usage errors.
        if (error && error.name !== 'YError') throw error;
        throw new CliError(`${message || error?.message || 'invalid arguments'} (see \`ngxlint --help\`)`);
      })
      .help()
      .alias('h', 'help')
      .version(packageVersion())
      .alias('v', 'version')
      .wrap(100)
      .parse();
  } catch (e) {
    exitCode = fail(e, debug);
  }
  return exitCode;
}

/** Runs the command line of this process and sets its exit code. */
export function runProcess(): void {
  // `ngxlint … | head`: a reader that goes away is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
  process.exitCode = main(process.argv.slice(2));
}
