/** The one error type of Pipewise: a code from a closed set, a message a person can act on, and details naming what was wrong. */
export const errorStatus = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof errorStatus;

export type ErrorDetails = Record<string, unknown> & { field?: string; issues?: { path: string; message: string }[] };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return errorStatus[this.code];
  }
  toBody() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const notFound = (entity: string, id?: string) =>
  new AppError('not_found', id ? `${entity} ${id} was not found` : `${entity} was not found`, { entity, id });

export const forbidden = (message = 'Your role does not allow this') => new AppError('forbidden', message);

/** Turns zod issues into one error naming every offending field. */
export function validationError(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[],
  where = '',
): AppError {
  // An unknown key is named by its own path, so `details.field` points at it rather than at its parent.
  const pathOf = (i: (typeof issues)[number]) =>
    i.code === 'unrecognized_keys' && i.keys?.length ? [...i.path, i.keys[0]!] : i.path;
  const list = issues.map((i) => ({
    path: [where, ...pathOf(i).map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
  const first = list[0];
  const message = first ? `Invalid ${first.path || 'input'}: ${first.message}` : 'Invalid input';
  return new AppError('validation', list.length > 1 ? `${message} (and ${list.length - 1} more)` : message, {
    field: first?.path,
    issues: list,
  });
}
