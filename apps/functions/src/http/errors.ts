import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The body of every error response: a stable `code` and a message staff can read. */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: Array<{ path: string; message: string }> };
}

/** An expected failure mapped to an HTTP status at the edge (thrown inside handlers). */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly issues: ApiErrorBody['error']['issues'];

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    issues?: ApiErrorBody['error']['issues'],
  ) {
    super(status, { message });
    this.code = code;
    this.issues = issues;
  }
}

/** 404 with `code: not_found`. */
export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `${what} introuvable.`);
}

/** The API's single error handler: known errors keep their status, bugs become a bare 500. */
export function onApiError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
    if (error.issues) body.error.issues = error.issues;
    return c.json(body, error.status);
  }
  if (error instanceof HTTPException) {
    // Hono's own (malformed JSON body, …): a client error, never a 5xx.
    const status = error.status;
    return c.json(
      {
        error: { code: status === 400 ? 'invalid_request' : 'http_error', message: error.message },
      },
      status,
    );
  }
  console.error(JSON.stringify({ event: 'api_error', message: error.message, stack: error.stack }));
  return c.json({ error: { code: 'internal', message: 'Erreur interne.' } }, 500);
}
