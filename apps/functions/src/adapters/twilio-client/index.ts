import { err, ok, type Result } from '@omega/core';
import type { Twilio } from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message.js';
import type { OutboundFacts, SendAccepted, SendRefused } from '../port.ts';

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
      const inner = retryAfterHttpClient(new twilio.RequestClient({ timeout }));
      const httpClient = options.origin ? originHttpClient(inner, options.origin) : inner;
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
 * Wraps the SDK's request client so that a 429's `Retry-After` header reaches the error the SDK
 * throws: the SDK's `RestException` keeps only the body's `code`, `message`, `more_info` and
 * `details`, so the header's value (seconds) is added to `details.retryAfterMs`.
 */
export function retryAfterHttpClient(inner: RequestClient): RequestClient {
  const wrapper = Object.create(inner) as RequestClient;
  wrapper.request = async (opts) => {
    const response = await inner.request(opts);
    const header = (response.headers as Record<string, unknown> | undefined)?.['retry-after'];
    if (response.statusCode !== 429 || header === undefined) return response;
    const retryAfterMs = retryAfterToMs(String(header));
    if (retryAfterMs === null) return response;
    const body = parseBody(response.body);
    if (!body) return response;
    const details = { ...(body.details ?? {}), retryAfterMs };
    return { ...response, body: JSON.stringify({ ...body, details }) } as typeof response;
  };
  return wrapper;
}

function parseBody(body: unknown): { details?: Record<string, unknown> } | null {
  if (body && typeof body === 'object') return body as { details?: Record<string, unknown> };
  try {
    const parsed = JSON.parse(String(body));
    return parsed && typeof parsed === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

/** `Retry-After` (delay-seconds or an HTTP date) in ms, or null when unreadable. */
export function retryAfterToMs(value: string, now: Date = new Date()): number | null {
  const seconds = Number(value.trim());
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

/**
 * Maps what the SDK throws to a {@link SendRefused}: a `RestException` (Twilio answered with an
 * error: `status` + `code`) or a network failure (no answer: retryable).
 */
export function twilioFailure(error: unknown): SendRefused {
  if (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number') {
    const e = error as {
      status: number;
      code?: number;
      message?: string;
      details?: { retryAfterMs?: unknown };
    };
    const retryAfterMs = e.details?.retryAfterMs;
    return {
      code: 'provider_rejected',
      message: e.message ?? `HTTP ${e.status}`,
      providerCode: typeof e.code === 'number' ? e.code : null,
      httpStatus: e.status,
      // Twilio may have created the message before failing (core: reconcile a 5xx on create).
      ambiguous: e.status >= 500,
      retryAfterMs: typeof retryAfterMs === 'number' ? retryAfterMs : null,
    };
  }
  // No answer (timeout, reset connection): the request may have reached Twilio.
  return {
    code: 'network',
    message: error instanceof Error ? error.message : String(error),
    providerCode: null,
    httpStatus: null,
    ambiguous: true,
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

/** Twilio's clocks and ours may disagree: messages created this long before `since` still count. */
export const RECONCILE_CLOCK_SKEW_MS = 60_000;

/** Whether a message Twilio holds is the one `facts` describe (pure; see {@link findTwilioMessages}). */
export function matchesFacts(
  message: { body?: string | null; messagingServiceSid?: string | null; direction?: string },
  facts: OutboundFacts,
): boolean {
  if (message.direction && !message.direction.startsWith('outbound')) return false;
  if (facts.messagingServiceSid && message.messagingServiceSid !== facts.messagingServiceSid) {
    return false;
  }
  const body = message.body ?? '';
  if (facts.body !== null) return body === facts.body;
  // A template: Twilio stores the rendered text, which carries every variable's value.
  return Object.values(facts.variables ?? {}).every((value) => body.includes(value));
}

/**
 * The messages Twilio holds for an attempt whose answer was lost: the Messages list by `To`
 * (and `From` when the attempt named one; a Messaging Service picks its sender, so then the
 * service's SID must match), newest first as Twilio pages it, kept when created at or after
 * `since` (less {@link RECONCILE_CLOCK_SKEW_MS}) with the same body — or, for a template, a body
 * carrying every variable. `DateSent` is not used as a filter: Twilio leaves `date_sent` null
 * until the message is sent, and the lost attempt may still be queued. Oldest match first.
 */
export async function findTwilioMessages(
  client: LazyTwilio,
  facts: OutboundFacts,
  since: Date,
  address: (value: string) => string = (value) => value,
): Promise<Result<SendAccepted[], SendRefused>> {
  try {
    const twilio = await client();
    const listed = await twilio.messages.list({
      to: address(facts.to),
      ...(facts.from && !facts.messagingServiceSid ? { from: address(facts.from) } : {}),
      limit: 50,
    });
    const after = since.getTime() - RECONCILE_CLOCK_SKEW_MS;
    const found = listed
      .filter((m) => m.dateCreated && m.dateCreated.getTime() >= after && matchesFacts(m, facts))
      .sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime())
      .map((m) => ({
        providerId: m.sid,
        status: m.status,
        segments: twilioSegments(m.numSegments),
      }));
    return ok(found);
  } catch (error) {
    return err(twilioFailure(error));
  }
}
