/**
 * What every renderer gets besides the results. Renderers are pure functions of
 * `(results, context)`: they read no files, no environment and no clock.
 */

import type { LintResult, RuleMeta } from '../lint/types';

export interface ReportContext {
  /** Absolute working directory: paths are shown relative to it (SARIF: `%SRCROOT%`). */
  cwd: string;
  /** Whether to emit ANSI colors (stylish only; the CLI decides from TTY, NO_COLOR, --color). */
  color: boolean;
  /** Metadata of the rules that ran (SARIF `tool.driver.rules`, in this order). */
  rules: RuleMeta[];
  /** ngxlint's version (SARIF `tool.driver.version`). */
  toolVersion: string;
  /**
   * Whether stylish may end with the "potentially fixable with the `--fix` option" lines.
   * Defaults to true; the CLI passes false when the hint is pointless (e.g. it is already running
   * with --fix, or the input came from stdin).
   */
  fixCommandHint?: boolean;
}

/** A renderer: one per output format, each in its own module. */
export type Formatter = (results: LintResult[], context: ReportContext) => string;
