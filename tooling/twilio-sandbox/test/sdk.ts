import twilio from 'twilio';
import {
  type SandboxHttpClientOptions,
  sandboxHttpClient,
  type TwilioSandbox,
} from '../src/index.ts';

/** The official SDK, pointed at the sandbox through the exported httpClient. */
export function sdkFor(sandbox: TwilioSandbox, headers?: Record<string, string>) {
  return sdkWith(sandbox, headers ? { headers } : {});
}

/** The official SDK with request-client options (`timeout`, `headers`, `autoRetry`…). */
export function sdkWith(sandbox: TwilioSandbox, options: SandboxHttpClientOptions) {
  return twilio(sandbox.accountSid, sandbox.authToken, {
    httpClient: sandboxHttpClient(sandbox.url, options),
  });
}

/** An SMS that is delivered: valid French mobile, not magic. */
export const CUSTOMER = '+33612345678';
