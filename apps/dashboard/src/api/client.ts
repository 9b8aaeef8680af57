import type { ApiErrorBody, StaffApi } from '@omega/functions/api';
import { hc } from 'hono/client';
import { config } from '../config.ts';

/** An error answer of the API, with its stable code. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.name = 'ApiRequestError';
  }
}

/** The typed client of the staff API, sending the staff member's ID token. */
export function createApiClient(
  getToken: () => Promise<string | null>,
  base = config.apiBase || window.location.origin,
) {
  return hc<StaffApi>(base, {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const token = await getToken();
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });
}

/** The API client type. */
export type ApiClient = ReturnType<typeof createApiClient>;

/** A response of the typed client. */
type AnyResponse = { ok: boolean; status: number; json(): Promise<unknown> };

/** The success body of a typed response. */
export type Body<R extends AnyResponse> = Exclude<Awaited<ReturnType<R['json']>>, ApiErrorBody>;

/** Reads a JSON answer, throwing {@link ApiRequestError} for an error status. */
export async function unwrap<R extends AnyResponse>(response: Promise<R> | R): Promise<Body<R>> {
  const res = await response;
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiRequestError(
      res.status,
      body?.error?.code ?? 'http_error',
      body?.error?.message ?? `HTTP ${res.status}`,
    );
  }
  return (await res.json()) as Body<R>;
}

/** The header every send carries (the staff API refuses a send without one). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A new idempotency key: one per click on a send button. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** The typed client's request options that carry `key`. */
export function withIdempotencyKey(key: string): { headers: Record<string, string> } {
  return { headers: { [IDEMPOTENCY_HEADER]: key } };
}

/** Automatic retries of one send (each with the click's key), and their delays. */
export const SEND_RETRY = { times: 2, firstDelayMs: 500 } as const;

/**
 * Whether a failed send is retried automatically, under the same key: when no answer of the
 * API arrived (the network dropped, a gateway answered, the function crashed), the message may
 * or may not have left and the same key lets the API tell, without a second message; when the
 * first request with that key is still being sent. An answer of the API (sent, refused,
 * invalid) is final.
 */
export function shouldRetrySend(failureCount: number, error: Error): boolean {
  if (failureCount >= SEND_RETRY.times) return false;
  if (!(error instanceof ApiRequestError)) return true;
  return (
    error.code === 'request_in_progress' ||
    (error.status >= 500 && (error.code === 'http_error' || error.code === 'internal'))
  );
}
