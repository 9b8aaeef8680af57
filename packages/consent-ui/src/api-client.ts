/** Something that gives the signed-in customer's Firebase ID token (or nothing when signed out). */
export type GetIdToken = () => Promise<string | null | undefined> | string | null | undefined;

/** How to reach the customer API. */
export interface ConsentApiOptions {
  /**
   * Base URL of the customer API (`customerApi` HTTPS function), without the `/api/public`
   * part: the origin whose `/api/public/**` reaches it (the short-link domain's Hosting
   * rewrite in production; `stack.urls.customer`, `http://127.0.0.1:5001`, locally). A path
   * is kept: `http://127.0.0.1:5001/<project>/<region>/customerApi` works too.
   */
  apiOrigin: string;
  /** The signed-in customer's Firebase ID token (`user.getIdToken()` in the web SDK). */
  getIdToken: GetIdToken;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Give up (code `timeout`) after this many milliseconds. Default 15 000. */
  timeoutMs?: number;
}

/**
 * Why a call to the customer API failed. The first seven are the server's own codes (any
 * other 400 becomes `invalid_request`, any other 401 `invalid_token`); the others are decided
 * here: `not_signed_in` (no ID token to send), `network_error` (no answer), `timeout`,
 * `bad_response` (an answer that is not the expected JSON), `server_error` (5xx) and
 * `http_error` (any other refusal, e.g. 404).
 */
export type ConsentApiErrorCode =
  | 'invalid_request'
  | 'unknown_wording'
  | 'channel_not_offered'
  | 'duplicate_channel'
  | 'missing_token'
  | 'invalid_token'
  | 'rate_limited'
  | 'not_signed_in'
  | 'network_error'
  | 'timeout'
  | 'bad_response'
  | 'server_error'
  | 'http_error';

/** A failed call, as a value. */
export interface ConsentApiError {
  code: ConsentApiErrorCode;
  /** For developers and logs (the server's message when it sent one). */
  message: string;
  /** The HTTP status, when there was an answer. */
  status?: number;
  /** With `rate_limited`: seconds to wait, from the `Retry-After` header, when readable. */
  retryAfterSeconds?: number;
}

/** A failed call. */
export interface ConsentApiFailure {
  ok: false;
  error: ConsentApiError;
}

const SERVER_CODES: ReadonlySet<string> = new Set([
  'invalid_request',
  'unknown_wording',
  'channel_not_offered',
  'duplicate_channel',
  'missing_token',
  'invalid_token',
  'rate_limited',
]);

const DEFAULT_TIMEOUT_MS = 15_000;

function failure(error: ConsentApiError): ConsentApiFailure {
  return { ok: false, error };
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Only an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`): Date.parse also reads "-5" or "1.5".
  if (!/^[A-Za-z]{3}, /.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function serverError(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return {};
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

function refusal(res: Response, body: unknown): ConsentApiFailure {
  const server = serverError(body);
  const message = server.message ?? `the customer API answered ${res.status}`;
  if (server.code !== undefined && SERVER_CODES.has(server.code)) {
    const code = server.code as ConsentApiErrorCode;
    const retryAfterSeconds =
      code === 'rate_limited'
        ? parseRetryAfter(res.headers.get('retry-after'), Date.now())
        : undefined;
    return failure({
      code,
      message,
      status: res.status,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (res.status === 429) {
    const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'), Date.now());
    return failure({
      code: 'rate_limited',
      message,
      status: 429,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (res.status === 400) return failure({ code: 'invalid_request', message, status: 400 });
  if (res.status === 401) return failure({ code: 'invalid_token', message, status: 401 });
  const code = res.status >= 500 ? 'server_error' : 'http_error';
  return failure({ code, message, status: res.status });
}

/**
 * One authenticated JSON call to the customer API. Expected failures (signed out, refused,
 * unreachable, slow, malformed answer) come back as values; `read` turns a 2xx JSON body into
 * the caller's value, or `undefined` when the body is not what the route promises.
 */
export async function callCustomerApi<T>(
  options: ConsentApiOptions,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown },
  read: (body: unknown) => T | undefined,
): Promise<{ ok: true; value: T } | ConsentApiFailure> {
  let token: string | null | undefined;
  try {
    token = await options.getIdToken();
  } catch (e) {
    return failure({
      code: 'not_signed_in',
      message: `no ID token: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  if (!token) return failure({ code: 'not_signed_in', message: 'no signed-in customer' });

  const url = `${options.apiOrigin.replace(/\/+$/, '')}${request.path}`;
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${token}`,
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(), timeoutMs);

  try {
    let res: Response;
    try {
      res = await fetcher(url, {
        method: request.method,
        headers,
        signal: controller.signal,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
    } catch (e) {
      if (controller.signal.aborted) {
        return failure({ code: 'timeout', message: `no answer within ${timeoutMs} ms` });
      }
      return failure({
        code: 'network_error',
        message: `cannot reach the customer API: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    let body: unknown;
    let json = true;
    try {
      body = await res.json();
    } catch {
      if (controller.signal.aborted) {
        return failure({ code: 'timeout', message: `no answer within ${timeoutMs} ms` });
      }
      json = false;
    }
    if (!res.ok) return refusal(res, json ? body : undefined);
    const value = json ? read(body) : undefined;
    if (value === undefined) {
      return failure({
        code: 'bad_response',
        message: `unexpected answer to ${request.method} ${request.path} (${res.status})`,
        status: res.status,
      });
    }
    return { ok: true, value };
  } finally {
    clearTimeout(timer);
  }
}
