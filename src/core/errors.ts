/** Exit codes, documented in the README. Only src/cli turns errors into output and exit codes. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  badInput: 3,
  provider: 4,
  policy: 5,
  cancelled: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Location {
  file: string;
  line?: number;
}

/** A failure a caller may branch on. `hint` tells the user what to do about it. */
export class AitmError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly location: Location | undefined;

  constructor(
    message: string,
    options: { exitCode: ExitCode; hint?: string; location?: Location; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
    this.location = options.location;
  }
}

export class UsageError extends AitmError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: EXIT.usage, ...(hint === undefined ? {} : { hint }) });
  }
}

export class InputError extends AitmError {
  constructor(message: string, options: { hint?: string; location?: Location; cause?: unknown } = {}) {
    super(message, { exitCode: EXIT.badInput, ...options });
  }
}

export class ProviderError extends AitmError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { exitCode: EXIT.provider, ...options });
  }
}

export class CancelledError extends AitmError {
  constructor(message = 'cancelled') {
    super(message, { exitCode: EXIT.cancelled });
  }
}

/** Formats an error for stderr: one line with what and where, then what to do. */
export function formatError(error: AitmError): string {
  const where = error.location
    ? `${error.location.file}${error.location.line === undefined ? '' : `:${error.location.line}`}: `
    : '';
  const hint = error.hint ? `\n  ${error.hint}` : '';
  return `aitm: ${where}${error.message}${hint}`;
}
