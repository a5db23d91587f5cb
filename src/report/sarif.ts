/**
 * `sarif`: a SARIF 2.1.0 log (OASIS), in the subset GitHub code scanning reads
 * (`github/codeql-action/upload-sarif` or the `/code-scanning/sarifs` API):
 *
 * - `$schema`, `version: "2.1.0"`, one run whose `tool.driver` is ngxlint (name, version,
 *   informationUri) with one `rules[]` entry per rule that ran, plus one for any rule id that
 *   only appears in the findings (e.g. `parse-error`), so every result's `ruleIndex` resolves.
 *   Each rule has id, name, shortDescription, fullDescription, help (text and markdown),
 *   helpUri (the docs page) and defaultConfiguration.level. GitHub requires shortDescription,
 *   fullDescription and help.text to be non-empty and shows at most 1024 characters of the
 *   descriptions (255 of the name), so they are filled in and cut to those lengths.
 * - Results: ruleId, ruleIndex, level (`error` / `warning`), message.text, one location with
 *   `artifactLocation { uri, uriBaseId: "%SRCROOT%" }` (the path relative to the working
 *   directory, forward slashes, percent-encoded where a URI needs it) and a full region
 *   (startLine, startColumn, endLine, endColumn: GitHub requires all four). `%SRCROOT%` is
 *   defined in `run.originalUriBaseIds` as the working directory's `file:` URI. A file outside the
 *   working directory gets an absolute `file:` URI and no uriBaseId.
 * - `relatedLocations` from the finding's `related` (each with an `id`, its region and message).
 * - `fixes`: the finding's fix, then its suggestions, each as `description.text` plus one
 *   `artifactChanges[]` entry per file with `replacements[]` of
 *   `{ deletedRegion: { charOffset, charLength }, insertedContent?: { text } }`
 *   (`properties.applicability` says `safe`, `unsafe` or `suggestion`). Replacements are listed
 *   from the end of the file backwards, so their offsets (those of the unedited file) stay right
 *   whether a consumer applies them all at once or one after another.
 *
 * Why the deleted region uses charOffset/charLength rather than line/column: a `TextEdit` is a
 * [start, end) range of offsets into the file's text, so charOffset = start and
 * charLength = end - start say exactly the same thing, insertions included (charLength 0), with
 * no other input. Line/column would need the text of every edited file, and a fix may edit files
 * the renderer has no text for (only `LintResult.source` of linted files, and that is optional).
 * GitHub accepts either: its upload checks the log against the SARIF 2.1.0 schema (both forms are
 * valid `region`s) and code scanning does not read `fixes` at all (only properties it lists are
 * used; the rest are ignored). The offsets are UTF-16 code units, like JavaScript strings, and
 * the run says so with `columnKind: "utf16CodeUnits"` (which also governs the columns).
 *
 * Not emitted: `partialFingerprints`. GitHub's upload-sarif action computes them from the files
 * in the checkout when they are missing (the way CodeQL does); tools that upload through the REST
 * API without the action may see duplicate alerts across runs.
 */

import { pathToFileURL } from 'url';
import type { Finding, Fix, LintResult, RuleMeta, Severity } from '../lint/types';
import { PARSE_ERROR_RULE_ID } from '../lint/types';
import { absolutePath, groupByFile, relativePosixPath, severityOf } from './common';
import type { ReportContext } from './context';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** `tool.driver.informationUri`: where to learn about ngxlint. */
export const NGXLINT_INFORMATION_URI = 'https://www.npmjs.com/package/ngxlint';

/** GitHub's limits for rule metadata shown in code scanning. */
const MAX_DESCRIPTION = 1024;
const MAX_NAME = 255;

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: ArtifactLocation; region: Region };
  message?: { text: string };
}

interface Replacement {
  deletedRegion: { charOffset: number; charLength: number };
  insertedContent?: { text: string };
}

interface SarifFix {
  description: { text: string };
  artifactChanges: Array<{ artifactLocation: ArtifactLocation; replacements: Replacement[] }>;
  properties: { applicability: Fix['applicability'] | 'suggestion' };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Severity;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  fixes?: SarifFix[];
}

interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Severity };
  properties?: { fixable: Fix['applicability'] };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: ReportingDescriptor[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }>;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}

/** `websocket-http-version` → `WebsocketHttpVersion` (SARIF's "friendly name" convention). */
function pascalCase(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return name === '' ? id : name;
}

function isAbsoluteUri(text: string): boolean {
  try {
    return new URL(text).protocol !== '';
  } catch {
    return false;
  }
}

/** Percent-encodes what a URI path segment may not hold as is (RFC 3986 `pchar`). */
function encodeSegment(segment: string, first: boolean): string {
  const encoded = segment.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/gu, (c) => encodeURIComponent(c));
  // In a relative reference a colon in the first segment would read as a scheme.
  return first ? encoded.replace(/:/g, '%3A') : encoded;
}

function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const relative = relativePosixPath(file, cwd);
  if (relative === undefined) return { uri: pathToFileURL(absolutePath(file, cwd)).href };
  return {
    uri: relative
      .split('/')
      .map((segment, i) => encodeSegment(segment, i === 0))
      .join('/'),
    uriBaseId: SRCROOT,
  };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

const atLeast1 = (n: number) => (Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1);

function region(finding: Finding): Region {
  const startLine = atLeast1(finding.start.line);
  const startColumn = atLeast1(finding.start.column);
  let endLine = atLeast1(finding.end.line);
  let endColumn = atLeast1(finding.end.column);
  if (endLine < startLine || (endLine === startLine && endColumn < startColumn)) {
    endLine = startLine;
    endColumn = startColumn;
  }
  return { startLine, startColumn, endLine, endColumn };
}

function descriptor(rule: RuleMeta): ReportingDescriptor {
  const description = rule.description.trim() || rule.id;
  const rationale = rule.rationale.trim();
  const docs = isAbsoluteUri(rule.docsUrl) ? rule.docsUrl : undefined;
  const text = [description, rationale, docs && `Documentation: ${docs}`].filter(Boolean).join('\n\n');
  const markdown = [`**${description}**`, rationale, docs && `[Documentation](${docs})`].filter(Boolean).join('\n\n');
  return {
    id: rule.id,
    name: truncate(pascalCase(rule.id), MAX_NAME),
    shortDescription: { text: truncate(description, MAX_DESCRIPTION) },
    fullDescription: { text: truncate(rationale || description, MAX_DESCRIPTION) },
    help: { text, markdown },
    ...(docs !== undefined ? { helpUri: docs } : {}),
    defaultConfiguration: { level: rule.defaultSeverity },
    ...(rule.fixable !== false ? { properties: { fixable: rule.fixable } } : {}),
  };
}

/** Metadata for a rule id that appears in findings but not in `context.rules`. */
function fallbackRule(id: string, severity: Severity): RuleMeta {
  if (id === PARSE_ERROR_RULE_ID) {
    return {
      id,
      defaultSeverity: 'error',
      fixable: false,
      description: 'The file could not be read or parsed.',
      rationale:
        'ngxlint reports a file it cannot read or parse as a parse-error finding; nginx would ' +
        'reject such a configuration, and no other rule could check it.',
      docsUrl: '',
    };
  }
  return { id, defaultSeverity: severity, fixable: false, description: `ngxlint rule ${id}.`, rationale: '', docsUrl: '' };
}

function sarifFix(fix: Fix, kind: SarifFix['properties']['applicability'], cwd: string): SarifFix {
  const byFile = new Map<string, { artifactLocation: ArtifactLocation; replacements: Replacement[] }>();
  // Last edit first: the offsets are those of the unedited file, and applying the replacements
  // back to front keeps them right whether a consumer applies them one by one or all at once.
  const edits = [...fix.edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (const edit of edits) {
    const key = absolutePath(edit.file, cwd);
    let change = byFile.get(key);
    if (change === undefined) {
      change = { artifactLocation: artifactLocation(edit.file, cwd), replacements: [] };
      byFile.set(key, change);
    }
    change.replacements.push({
      deletedRegion: { charOffset: edit.start, charLength: Math.max(0, edit.end - edit.start) },
      ...(edit.text !== '' ? { insertedContent: { text: edit.text } } : {}),
    });
  }
  return {
    description: { text: fix.description },
    artifactChanges: [...byFile.values()],
    properties: { applicability: kind },
  };
}

function fixesOf(finding: Finding, cwd: string): SarifFix[] {
  const fixes: SarifFix[] = [];
  if (finding.fix !== undefined && finding.fix.edits.length > 0) {
    fixes.push(sarifFix(finding.fix, finding.fix.applicability, cwd));
  }
  for (const suggestion of finding.suggestions ?? []) {
    if (suggestion.edits.length > 0) fixes.push(sarifFix(suggestion, 'suggestion', cwd));
  }
  // The schema wants `fixes` items unique.
  const seen = new Set<string>();
  return fixes.filter((fix) => {
    const key = JSON.stringify(fix);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export default function sarif(results: LintResult[], context: ReportContext): string {
  const { cwd } = context;
  const files = groupByFile(results, cwd);

  const rules: RuleMeta[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (rule: RuleMeta) => {
    if (ruleIndex.has(rule.id)) return;
    ruleIndex.set(rule.id, rules.length);
    rules.push(rule);
  };
  context.rules.forEach(addRule);
  for (const file of files) {
    for (const finding of file.findings) {
      if (!ruleIndex.has(finding.ruleId)) addRule(fallbackRule(finding.ruleId, severityOf(finding)));
    }
  }

  const sarifResults: SarifResult[] = [];
  for (const file of files) {
    for (const finding of file.findings) {
      const result: SarifResult = {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
        level: severityOf(finding),
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: { artifactLocation: artifactLocation(file.file, cwd), region: region(finding) },
          },
        ],
      };
      if (finding.related !== undefined && finding.related.length > 0) {
        result.relatedLocations = finding.related.map((related, id) => ({
          id,
          physicalLocation: {
            artifactLocation: artifactLocation(related.file, cwd),
            region: { startLine: atLeast1(related.line), startColumn: atLeast1(related.column) },
          },
          message: { text: related.message },
        }));
      }
      const fixes = fixesOf(finding, cwd);
      if (fixes.length > 0) result.fixes = fixes;
      sarifResults.push(result);
    }
  }

  const log: SarifLog = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ngxlint',
            version: context.toolVersion,
            informationUri: NGXLINT_INFORMATION_URI,
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
