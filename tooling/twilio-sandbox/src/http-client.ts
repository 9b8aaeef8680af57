import { createRequire } from 'node:module';
import type RequestClient from 'twilio/lib/base/RequestClient';

/** Where each Twilio origin should go: one sandbox origin for all, or one per API. */
export type SandboxTarget = string | { api: string; content: string; messaging?: string };

/** Options of {@link sandboxHttpClient}. */
export interface SandboxHttpClientOptions extends RequestClient.RequestClientOptions {
  /** Headers added to every request, e.g. `{ 'X-Sandbox-Fault': '429' }` in a test. */
  headers?: Record<string, string>;
}

const TWILIO_ORIGINS = {
  api: 'https://api.twilio.com',
  content: 'https://content.twilio.com',
  messaging: 'https://messaging.twilio.com',
} as const;

/**
 * Rewrites a Twilio URL to the sandbox: `https://api.twilio.com/…`,
 * `https://content.twilio.com/…` and `https://messaging.twilio.com/…` (the Senders API) keep
 * their path and query; other URLs are left alone. With one origin per API, `messaging`
 * defaults to `api`'s.
 */
export function rewriteTwilioUrl(uri: string, target: SandboxTarget): string {
  const origins =
    typeof target === 'string'
      ? { api: target, content: target, messaging: target }
      : { ...target, messaging: target.messaging ?? target.api };
  for (const key of ['api', 'content', 'messaging'] as const) {
    const from = TWILIO_ORIGINS[key];
    if (uri === from || uri.startsWith(`${from}/`)) {
      return origins[key].replace(/\/$/, '') + uri.slice(from.length);
    }
  }
  return uri;
}

// twilio is loaded on first use: importing it costs ≈ 115–165 ms, which the server does not need.
const require = createRequire(import.meta.url);

/**
 * An `httpClient` for the official `twilio` SDK that sends every request to the sandbox instead
 * of Twilio: a `RequestClient` subclass that rewrites the origin and changes nothing else.
 *
 * @example
 * const client = twilio(sandbox.accountSid, sandbox.authToken, {
 *   httpClient: sandboxHttpClient(sandbox.url),
 * });
 */
export function sandboxHttpClient(
  target: SandboxTarget,
  options: SandboxHttpClientOptions = {},
): RequestClient {
  const { headers: extraHeaders, ...clientOptions } = options;
  const twilio = require('twilio') as { RequestClient: typeof RequestClient };
  class SandboxRequestClient extends twilio.RequestClient {
    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      return super.request({
        ...opts,
        uri: rewriteTwilioUrl(opts.uri, target),
        headers: { ...opts.headers, ...extraHeaders },
      });
    }
  }
  return new SandboxRequestClient(clientOptions);
}
