import { err, ok, type Result } from '@omega/core';
import type { Twilio } from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message.js';
import type { SendAccepted, SendRefused } from '../port.ts';

/** Options of {@link lazyTwilioClient}. */
export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /**
   * Another Twilio-compatible origin (the local sandbox, a recording proxy): every request the
   * SDK makes to `*.twilio.com` goes to this origin instead, path and query unchanged.
   */
  origin?: string | undefined;
  /** Request timeout in ms (default 10 s: a task retries rather than hanging). */
  timeoutMs?: number;
}

/** A Twilio client built on first use (the SDK costs ≈ 150 ms to import). */
export type LazyTwilio = () => Promise<Twilio>;

/**
 * Returns a memoised factory of the Twilio client. The `twilio` package is loaded with a
 * dynamic `import()` the first time a message is sent, so cold starts of functions that never
 * send (triggers, schedules) do not pay for it.
 */
export function lazyTwilioClient(options: TwilioClientOptions): LazyTwilio {
  let client: Promise<Twilio> | undefined;
  return () => {
    client ??= (async () => {
      const mod = await import('twilio');
      const twilio = mod.default;
      const timeout = options.timeoutMs ?? 10_000;
      const httpClient = options.origin
        ? originHttpClient(new twilio.RequestClient({ timeout }), options.origin)
        : new twilio.RequestClient({ timeout });
      return twilio(options.accountSid, options.authToken, { httpClient });
    })();
    client.catch(() => {
      client = undefined;
    });
    return client;
  };
}

/**
 * Wraps the SDK's request client so that requests go to `origin` instead of `*.twilio.com`:
 * the Twilio SDK keeps building URLs, authenticating and parsing as usual.
 */
export function originHttpClient(inner: RequestClient, origin: string): RequestClient {
  const target = new URL(origin);
  const basePath = target.pathname.replace(/\/$/, '');
  const wrapper = Object.create(inner) as RequestClient;
  wrapper.request = (opts) => {
    const url = new URL(opts.uri);
    url.protocol = target.protocol;
    url.host = target.host;
    url.pathname = `${basePath}${url.pathname}`;
    return inner.request({ ...opts, uri: url.toString() });
  };
  return wrapper;
}

/**
 * Maps what the SDK throws to a {@link SendRefused}: a `RestException` (Twilio answered with an
 * error: `status` + `code`) or a network failure (no answer: retryable).
 */
export function twilioFailure(error: unknown): SendRefused {
  if (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number') {
    const e = error as { status: number; code?: number; message?: string };
    return {
      code: 'provider_rejected',
      message: e.message ?? `HTTP ${e.status}`,
      providerCode: typeof e.code === 'number' ? e.code : null,
      httpStatus: e.status,
    };
  }
  return {
    code: 'network',
    message: error instanceof Error ? error.message : String(error),
    providerCode: null,
    httpStatus: null,
  };
}

/** Twilio's `num_segments` as a number, or null when Twilio has not counted yet ("0"). */
export function twilioSegments(numSegments: string | number | null | undefined): number | null {
  const n = Number(numSegments);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * Creates one message through the Messages API (SMS and WhatsApp share it) and maps Twilio's
 * answer to a {@link SendAccepted}, or what the SDK threw to a {@link SendRefused}.
 * `fallbackSegments` stands in while Twilio has not counted segments yet.
 */
export async function createTwilioMessage(
  client: LazyTwilio,
  params: MessageListInstanceCreateOptions,
  fallbackSegments: number | null = null,
): Promise<Result<SendAccepted, SendRefused>> {
  try {
    const twilio = await client();
    const created = await twilio.messages.create(params);
    return ok({
      providerId: created.sid,
      status: created.status,
      segments: twilioSegments(created.numSegments) ?? fallbackSegments,
    });
  } catch (error) {
    return err(twilioFailure(error));
  }
}
