/**
 * Output formats: one data model (`LintResult[]`), one module per format, each a pure
 * `(results, context) => string`. Non-empty output ends with a newline: write it as is.
 *
 *   const format = loadFormatter(argv.format);   // throws on an unknown name
 *   process.stdout.write(format(results, { cwd, color, rules, toolVersion }));
 *
 * `loadFormatter` `require`s only the chosen module, when it is called: a plain lint loads the
 * stylish code and never the SARIF code. Keep it that way: this file imports types only.
 */

import type { Formatter, ReportContext } from './context';

export type { Formatter, ReportContext } from './context';

export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'github', 'compact'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

export const DEFAULT_FORMAT: FormatName = 'stylish';

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

type FormatterModule = { default: Formatter };

/** The renderer for `name`, loaded on demand. Throws an `Error` naming the formats for an unknown name. */
export function loadFormatter(name: string): Formatter {
  // One literal `require` per format, so bundlers and `tsc` see every module.
  switch (name as FormatName) {
    case 'stylish':
      return (require('./stylish') as FormatterModule).default;
    case 'json':
      return (require('./json') as FormatterModule).default;
    case 'sarif':
      return (require('./sarif') as FormatterModule).default;
    case 'github':
      return (require('./github') as FormatterModule).default;
    case 'compact':
      return (require('./compact') as FormatterModule).default;
    default:
      throw new Error(`Unknown format "${name}". Valid formats: ${FORMAT_NAMES.join(', ')}.`);
  }
}
