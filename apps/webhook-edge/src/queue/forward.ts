import {
  EVENT_ID_HEADER,
  type ForwardedEvent,
  type Outcome,
  SIGNATURE_HEADER,
  signForwardedBody,
} from '@omega/forwarding';

/** Options of {@link forwardEvent}. */
export interface ForwardOptions {
  /** The ingestion endpoint. */
  url: string;
  /** HMAC-SHA256 key shared with the ingestion endpoint. */
  secret: string;
  /** The fetch to use (injected for tests). */
  fetch: typeof fetch;
  /** The clock, in milliseconds since the epoch. */
  now: () => number;
  /** Abort the request after this many milliseconds (default 10 s). */
  timeoutMs?: number;
}

/** Why forwarding failed: no answer, or an answer other than 2xx. */
export type ForwardErrorCode = 'network_error' | 'rejected';

/** POSTs one event as signed JSON to the ingestion endpoint. */
export async function forwardEvent(
  event: ForwardedEvent,
  options: ForwardOptions,
): Promise<Outcome<{ status: number }, ForwardErrorCode>> {
  const body = JSON.stringify(event);
  const signature = await signForwardedBody(options.secret, body, Math.floor(options.now() / 1000));
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signature,
        [EVENT_ID_HEADER]: event.id,
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return { ok: false, error: { code: 'network_error', message: String(error) } };
  }
  // Free the connection; the ingestion's answer body is not used.
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return { ok: true, value: { status: response.status } };
  return {
    ok: false,
    error: { code: 'rejected', message: `ingestion answered ${response.status}` },
  };
}
