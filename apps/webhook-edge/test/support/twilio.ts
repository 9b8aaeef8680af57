// Test helpers for the workers project: build requests the way Twilio sends them.
// `twilioSignature` is a deliberately naive oracle written from Twilio's documentation; the
// node project checks the worker's validator against the official SDK instead.
import type { TwilioParams } from '../../src/signature/index.ts';

const encoder = new TextEncoder();

/** base64(HMAC-SHA1(token, url + sorted name/value pairs)), per Twilio's docs. */
export async function twilioSignature(
  token: string,
  url: string,
  params: TwilioParams,
): Promise<string> {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name] ?? '';
    const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
    for (const one of values) data += name + one;
  }
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(token),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
  return btoa(String.fromCharCode(...mac));
}

/** `application/x-www-form-urlencoded` body, repeated names kept. */
export function formBody(params: TwilioParams): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return form.toString();
}

/** A typical status callback's parameters. */
export function statusParams(overrides: TwilioParams = {}): TwilioParams {
  return {
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    ApiVersion: '2010-04-01',
    From: 'whatsapp:+33612345678',
    MessageSid: 'SM0123456789abcdef0123456789abcdef',
    MessageStatus: 'delivered',
    SmsSid: 'SM0123456789abcdef0123456789abcdef',
    SmsStatus: 'delivered',
    To: 'whatsapp:+33698765432',
    ...overrides,
  };
}

/** A typical inbound WhatsApp message's parameters. */
export function inboundParams(overrides: TwilioParams = {}): TwilioParams {
  return {
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    ApiVersion: '2010-04-01',
    Body: 'Bonjour, mon téléphone est prêt ? 📱',
    From: 'whatsapp:+33612345678',
    MessageSid: 'SMfedcba9876543210fedcba9876543210',
    NumMedia: '0',
    ProfileName: "Zoë L'Hôte",
    SmsStatus: 'received',
    To: 'whatsapp:+33698765432',
    WaId: '33612345678',
    ...overrides,
  };
}

/** Options of {@link signedRequest}. */
export interface SignedRequestOptions {
  /** The URL the request is sent to (what the worker sees). */
  url: string;
  params: TwilioParams;
  token: string;
  /** The URL Twilio signed, when it differs from `url` (port, proxy, fragment…). */
  signedUrl?: string;
  /** Replace the computed signature (`null` = no header). */
  signature?: string | null;
  headers?: Record<string, string>;
  method?: string;
}

/** A form-encoded POST signed like Twilio signs it. */
export async function signedRequest(options: SignedRequestOptions): Promise<Request> {
  const signature =
    options.signature === undefined
      ? await twilioSignature(options.token, options.signedUrl ?? options.url, options.params)
      : options.signature;
  const headers = new Headers({
    'Content-Type': 'application/x-www-form-urlencoded',
    ...options.headers,
  });
  if (signature !== null) headers.set('X-Twilio-Signature', signature);
  return new Request(options.url, {
    method: options.method ?? 'POST',
    headers,
    body: formBody(options.params),
  });
}
