/**
 * `--debug`: what ngxlint does, on stderr, one `ngxlint:debug` line per step (the configuration
 * file, the files found, each config and what it includes, the output format). Without --debug it
 * costs a function call.
 */
export interface Debug {
  (message: string): void;
  readonly enabled: boolean;
}

export function createDebug(enabled: boolean, write: (text: string) => void = (t) => process.stderr.write(t)): Debug {
  const debug = ((message: string) => {
    if (enabled) write(message.replace(/^/gm, 'ngxlint:debug ') + '\n');
  }) as Debug & { enabled: boolean };
  debug.enabled = enabled;
  return debug;
}

/** A Debug that prints nothing (for callers that do not pass one). */
export const NO_DEBUG: Debug = createDebug(false);
