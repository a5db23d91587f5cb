/**
 * `compact`: one line per finding, for editors' problem matchers and grep:
 *
 *   conf/nginx.conf:12:5: error WebSocket proxying needs HTTP/1.1. [websocket-http-version]
 *
 * i.e. `file:line:col: severity message [rule-id]`, with the path relative to the working
 * directory and line breaks inside a message turned into spaces. A matching problem-matcher
 * regexp: `^(.+?):(\d+):(\d+): (error|warning) (.*) \[([^\]]+)\]$`. Nothing when there are no
 * findings.
 */

import type { LintResult } from '../lint/types';
import { displayPath, groupByFile, oneLine, severityOf } from './common';
import type { ReportContext } from './context';

export default function compact(results: LintResult[], context: ReportContext): string {
  const lines: string[] = [];
  for (const file of groupByFile(results, context.cwd)) {
    const shown = displayPath(file.file, context.cwd);
    for (const finding of file.findings) {
      lines.push(
        `${shown}:${finding.start.line}:${finding.start.column}: ${severityOf(finding)} ` +
          `${oneLine(finding.message)} [${finding.ruleId}]`,
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
