/**
 * Expected failures a person can act on (bad file, refused key, unknown job) travel as UserError:
 * its message is shown as it is. Anything else is a bug and is reported without internals.
 */
export class UserError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'UserError';
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;
