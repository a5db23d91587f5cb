/**
 * `ngxlint parse FILE`: prints crossplane's JSON payload for a config, with crossplane's options.
 */
import { buildPayload, parseConfig } from '../parse/config';
import { parseIncludeRoot } from '../parse/includes';
import { CliError } from './errors';
import * as fs from 'fs';

export interface ParseCommandArgs {
  file: string;
  includeComments?: boolean;
  combine?: boolean;
  singleFile?: boolean;
  strict?: boolean;
  ignore?: string;
  indent?: number;
  includeRoot?: string;
  inferContext?: boolean;
  out?: string;
}

export function runParseCommand(args: ParseCommandArgs): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(args.file);
  } catch (e) {
    throw CliError.fromFs(e, args.file);
  }
  if (stat.isDirectory()) throw new CliError(`${args.file}: is a directory, expected an nginx config file`);
  // A device or a named pipe would never end (or block); an unreadable file is fatal, as for lint.
  if (!stat.isFile()) throw new CliError(`${args.file}: not a regular file`);
  try {
    fs.accessSync(args.file, fs.constants.R_OK);
  } catch (e) {
    throw CliError.fromFs(e, args.file);
  }
  const config = parseConfig(args.file, {
    strict: args.strict,
    comments: args.includeComments,
    single: args.singleFile,
    combine: args.combine,
    ignore: args.ignore ? args.ignore.split(',') : [],
    includeRoot: args.includeRoot ? parseIncludeRoot(args.includeRoot) : undefined,
    mainContext: args.inferContext ? 'infer' : undefined,
  });
  const payload = buildPayload(config, { combine: args.combine });
  const text = (args.indent === undefined ? JSON.stringify(payload) : JSON.stringify(payload, null, args.indent)) + '\n';
  if (args.out) {
    try {
      fs.writeFileSync(args.out, text);
    } catch (e) {
      throw CliError.fromFs(e, args.out);
    }
  }
  else process.stdout.write(text);
  return 0;
}
