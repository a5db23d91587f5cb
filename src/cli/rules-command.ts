/**
 * `ngxlint rules` (also `--list-rules`): every rule with its default severity, fixability and one
 * line; `ngxlint explain RULE`: the rule's docs page.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from './errors';
import { unknownRuleMessage } from './suggest';

function rules() {
  return (require('../../rules/index') as typeof import('../../rules/index')).RULES;
}

export function runRulesCommand(format: 'text' | 'json' = 'text'): number {
  const list = rules().map((r) => ({
    id: r.meta.id,
    severity: r.meta.defaultSeverity,
    // What --fix does with the rule's findings: applies safe fixes, unsafe ones only with
    // --fix-unsafe, or never (a suggestion is shown, not applied).
    fixable: r.meta.fixable || (r.meta.hasSuggestions ? 'suggestion' : 'no'),
    description: r.meta.description,
  }));
  if (format === 'json') {
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  const idWidth = Math.max(...list.map((r) => r.id.length), 'rule'.length);
  const fixWidth = Math.max(...list.map((r) => r.fixable.length), 'fix'.length);
  const lines = [`${'rule'.padEnd(idWidth)}  severity  ${'fix'.padEnd(fixWidth)}  description`];
  for (const r of list) lines.push(`${r.id.padEnd(idWidth)}  ${r.severity.padEnd(8)}  ${r.fixable.padEnd(fixWidth)}  ${r.description}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** The folder of the rules' docs pages: `rules/` at the package root (dist/src/cli → ../../..). */
export function docsFolder(): string {
  return path.resolve(__dirname, '..', '..', '..', 'rules');
}

export function runExplainCommand(id: string): number {
  const rule = rules().find((r) => r.meta.id === id);
  if (!rule) throw new CliError(unknownRuleMessage(id, rules().map((r) => r.meta.id)));
  const page = path.join(docsFolder(), `${id}.md`);
  let text: string;
  try {
    text = fs.readFileSync(page, 'utf8');
  } catch {
    text = `# ${id}\n\n${rule.meta.description}\n\n${rule.meta.rationale}\n`;
  }
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  return 0;
}
