/** A field-level complaint: `path` is the field's dotted path in the request (e.g. `lat`, `subjectRefs.2`). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error type services throw. The problem handler turns it into an
 * RFC 9457 `application/problem+json` response; routes never write errors themselves.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'AppError';
  }

  get type(): string {
    return `/problems/${this.slug}`;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'invalid-request', 'Invalid request', detail, errors);
export const unauthorized = (detail = 'Sign in first.') =>
  new AppError(401, 'unauthenticated', 'Not signed in', detail);
export const forbidden = (detail: string) => new AppError(403, 'forbidden', 'Forbidden', detail);
export const notFound = (detail: string) => new AppError(404, 'not-found', 'Not found', detail);
export const conflict = (detail: string, errors?: FieldError[]) =>
  new AppError(409, 'conflict', 'Conflict', detail, errors);
export const payloadTooLarge = (detail: string) =>
  new AppError(413, 'payload-too-large', 'Payload too large', detail);
export const unsupportedMediaType = (detail: string) =>
  new AppError(415, 'unsupported-media-type', 'Unsupported media type', detail);
export const unprocessable = (detail: string, errors?: FieldError[]) =>
  new AppError(422, 'unprocessable', 'Unprocessable request', detail, errors);
export const purposeRequired = () =>
  new AppError(
    428,
    'purpose-required',
    'Purpose required',
    'State the purpose of this working session (PUT /api/auth/purpose) before reading individual records.',
  );
export const tooManyRequests = (detail: string) =>
  new AppError(429, 'too-many-requests', 'Too many requests', detail);
export const serviceUnavailable = (detail: string) =>
  new AppError(503, 'unavailable', 'Service unavailable', detail);
