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
/** "expectedCloseDate" → "Expected close date", "ownerId" → "Owner"; null for paths that are not a plain field name. */
export function fieldLabel(path: string): string | null {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? '';
  if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(last)) return null;
  const words = last
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type ZodishIssue = {
  message: string;
  code?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  expected?: string;
  input?: unknown;
  values?: readonly unknown[];
};
const kinds: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};
/** zod's own wording ("Too big: expected string to have <=300 characters") in plain words; our own messages stay. */
export function plainMessage(i: ZodishIssue): string {
  const m = i.message;
  if (!/^(Too big|Too small|Invalid input|Invalid option|Unrecognized key)/.test(m)) return m;
  const n = (v: number | bigint | undefined) => Number(v).toLocaleString('en-US');
  if (i.code === 'too_big')
    return i.origin === 'string'
      ? `can be at most ${n(i.maximum)} characters`
      : i.origin === 'array' || i.origin === 'set'
        ? `can have at most ${n(i.maximum)} items`
        : `must be at most ${n(i.maximum)}`;
  if (i.code === 'too_small')
    return i.origin === 'string'
      ? Number(i.minimum) <= 1
        ? 'is required'
        : `must be at least ${n(i.minimum)} characters`
      : i.origin === 'array' || i.origin === 'set'
        ? `needs at least ${n(i.minimum)} ${Number(i.minimum) === 1 ? 'item' : 'items'}`
        : `must be at least ${n(i.minimum)}`;
  if (i.code === 'invalid_type')
    return /received undefined/.test(m) ? 'is required' : `must be ${kinds[i.expected ?? ''] ?? i.expected ?? 'valid'}`;
  if (i.code === 'unrecognized_keys') return 'is not a field this accepts';
  if (i.code === 'invalid_value')
    return i.values?.length && i.values.length <= 12
      ? `must be one of: ${i.values.map(String).join(', ')}`
      : 'is not one of the allowed values';
  return m;
}

export function validationError(
  issues: readonly ({ path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] } & Omit<
    ZodishIssue,
    'message' | 'code'
  >)[],
  where = '',
): AppError {
  // An unknown key is named by its own path, so `details.field` points at it rather than at its parent.
  const pathOf = (i: (typeof issues)[number]) =>
    i.code === 'unrecognized_keys' && i.keys?.length ? [...i.path, i.keys[0]!] : i.path;
  const list = issues.map((i) => ({
    path: [where, ...pathOf(i).map(String)].filter(Boolean).join('.'),
    message: plainMessage(i),
  }));
  const first = list[0];
  const label = first ? fieldLabel(first.path) : null;
  const message = first
    ? label
      ? // "Name can be at most 300 characters"; a message that is not a predicate reads after a colon.
        /^(must|can|is|are|needs|should|has|cannot)\b/.test(first.message)
        ? `${label} ${first.message}`
        : `${label}: ${first.message}`
      : `Invalid ${first.path || 'input'}: ${first.message}`
    : 'Invalid input';
  return new AppError('validation', list.length > 1 ? `${message} (and ${list.length - 1} more)` : message, {
    field: first?.path,
    issues: list,
  });
}
