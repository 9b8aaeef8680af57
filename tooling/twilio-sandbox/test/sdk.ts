import twilio from 'twilio';
import { sandboxHttpClient, type TwilioSandbox } from '../src/index.ts';

/** The official SDK, pointed at the sandbox through the exported httpClient. */
export function sdkFor(sandbox: TwilioSandbox, headers?: Record<string, string>) {
  return twilio(sandbox.accountSid, sandbox.authToken, {
    httpClient: sandboxHttpClient(sandbox.url, headers ? { headers } : {}),
  });
}

/** An SMS that is delivered: valid French mobile, not magic. */
export const CUSTOMER = '+33612345678';
