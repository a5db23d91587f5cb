/**
 * The GitHub Actions runner's side of the contract, without @actions/core (nothing is installed on
 * the runner; see docs/integrations.md):
 *
 * - Inputs arrive as environment variables `INPUT_<NAME>`: the input's name upper-cased with spaces
 *   turned into underscores and dashes kept (`nginx-version` → `INPUT_NGINX-VERSION`).
 * - Outputs are appended to the file `$GITHUB_OUTPUT` as `name<<DELIMITER` / value / `DELIMITER`
 *   blocks (the form that also carries multi-line values); the delimiter is random and must not
 *   occur in the value.
 * - The job summary is Markdown appended to the file `$GITHUB_STEP_SUMMARY`.
 * - Annotations and errors are workflow commands on stdout (`::error::message`).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { escapeData } from '../report/github';

export type Env = Readonly<Record<string, string | undefined>>;

/** An input that breaks the action's contract: reported as `::error::` and the step fails. */
export class InputError extends Error {}

/** The input's value, trimmed; `''` when it is not set. */
export function getInput(name: string, env: Env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** A boolean input as YAML 1.2's core schema spells one (as @actions/core accepts). */
export function getBooleanInput(name: string, env: Env, fallback: boolean): boolean {
  const value = getInput(name, env);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`input "${name}" must be true or false, got "${value}"`);
}

/** One of the allowed values (compared case-insensitively); the first one when the input is empty. */
export function getChoiceInput<T extends string>(name: string, env: Env, choices: readonly T[]): T {
  const value = getInput(name, env).toLowerCase();
  if (value === '') return choices[0];
  const choice = choices.find((c) => c === value);
  if (choice === undefined) throw new InputError(`input "${name}" must be ${choices.map((c) => `"${c}"`).join(' or ')}, got "${value}"`);
  return choice;
}

/** A list input: entries separated by newlines or blanks (a path with a blank: use `?` in a glob). */
export function getListInput(name: string, env: Env): string[] {
  return getInput(name, env)
    .split(/\s+/)
    .filter((entry) => entry !== '');
}

/** `name<<DELIMITER\nvalue\nDELIMITER\n` for each output, appended to `file`. */
export function formatOutputs(outputs: Readonly<Record<string, string>>, randomId: () => string = crypto.randomUUID): string {
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomId()}`;
    if (name.includes(delimiter) || value.includes(delimiter)) {
      throw new Error(`output "${name}": the value contains the delimiter ${delimiter}`);
    }
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return text;
}

/** Appends outputs to `$GITHUB_OUTPUT`; without it (not on a runner) there is nowhere to put them. */
export function writeOutputs(env: Env, outputs: Readonly<Record<string, string>>): void {
  const file = env.GITHUB_OUTPUT;
  if (file) fs.appendFileSync(file, formatOutputs(outputs));
}

/** Appends Markdown to `$GITHUB_STEP_SUMMARY` (nothing when not on a runner). */
export function appendSummary(env: Env, markdown: string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) fs.appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** `::error::message` — an annotation without a file; the runner shows it on the run. */
export function errorCommand(message: string): string {
  return `::error::${escapeData(message)}\n`;
}
