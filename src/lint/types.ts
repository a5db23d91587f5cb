/**
 * The data model every part of ngxlint shares: what a rule reports, what a fix is, what a lint run
 * returns. Renderers (src/report) turn `LintResult[]` into stylish, JSON, SARIF, GitHub and compact
 * output; the fixer (src/fix) applies `Fix` edits.
 */

export type Severity = 'error' | 'warning';

/** A rule's configured level; `off` disables it. */
export type RuleLevel = 'off' | Severity;

/** Whether `--fix` may apply a fix on its own (safe), only with `--fix-unsafe` (unsafe). */
export type FixApplicability = 'safe' | 'unsafe';

/** A position for people: 1-based line and column. */
export interface Location {
  line: number;
  column: number;
}

/** Replace the text in [start, end) of `file` with `text`. Insertion: start === end. Deletion: text === ''. */
export interface TextEdit {
  /** Path of the file the edit applies to, as the finding's `file`. */
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  applicability: FixApplicability;
  /** One line saying what the fix does, e.g. `insert "proxy_http_version 1.1;"`. */
  description: string;
  /** Never overlapping; may touch several files. */
  edits: TextEdit[];
}

/** Another place that explains a finding ("set at server level here"). */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  start: Location;
  end: Location;
  fix?: Fix;
  /** Changes shown to the user but never applied automatically. */
  suggestions?: Fix[];
  related?: RelatedLocation[];
}

/**
 * A fix `fix()` / `--fix` applied: the finding that offered it (as lint reports it) and the pass
 * of the fix loop that applied it. Offsets, lines and columns refer to the texts as they were
 * before that pass — the original texts for pass 1. Applying each pass's edits in turn to the
 * original texts gives the fixed texts.
 */
export interface AppliedFix extends Finding {
  fix: Fix;
  /** 1 for the first pass. */
  pass: number;
}

/** A file that could not be parsed or read becomes findings with this rule id. */
export const PARSE_ERROR_RULE_ID = 'parse-error';

export interface LintResult {
  /** The file's path as the user gave it (relative to the working directory when it was relative). */
  file: string;
  findings: Finding[];
  /** The file's text, for renderers that show source (optional). */
  source?: string;
  /** The file's text after `--fix` / `--fix-dry-run`, when they changed it (ESLint's `output`). */
  output?: string;
}

export interface RuleMeta {
  /** Kebab-case id, e.g. `websocket-http-version`. */
  id: string;
  defaultSeverity: Severity;
  /** Whether the rule offers fixes (and whether they are safe by default). */
  fixable: false | FixApplicability;
  /**
   * Whether its findings carry suggestions: changes shown to the user (JSON `suggestions`, SARIF
   * fixes) that no --fix applies, because only the user can tell whether they fit.
   */
  hasSuggestions?: boolean;
  /** One line for `ngxlint rules` and SARIF's shortDescription. */
  description: string;
  /** Longer text for SARIF's fullDescription / help. */
  rationale: string;
  /** URL of the rule's docs page. */
  docsUrl: string;
}

/** A file whose text the fixes change (nothing is written until the caller writes `fixed`). */
export interface FixedFile {
  path: string;
  original: string;
  fixed: string;
  /** How to write `fixed` back: files that are not valid UTF-8 are kept byte for byte (latin1). */
  encoding: 'utf8' | 'latin1';
}
