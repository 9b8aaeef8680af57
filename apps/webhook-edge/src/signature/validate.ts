import { twilioDataToSign } from './data-to-sign.ts';
import { type HmacKey, hmac, importHmacKey, sha256Hex, toBase64 } from './digest.ts';
import type { TwilioParams } from './params.ts';
import { timingSafeEqualStrings } from './timing-safe-equal.ts';
import { parseUrl, signedUrlCandidates } from './url-variants.ts';

// Imported keys per auth token (an isolate sees one token, two during a rotation).
const keys = new Map<string, Promise<HmacKey>>();
function authTokenKey(token: string): Promise<HmacKey> {
  let key = keys.get(token);
  if (!key) {
    if (keys.size >= 4) keys.clear();
    key = importHmacKey(token, 'SHA-1');
    keys.set(token, key);
  }
  return key;
}

/** Options of {@link validateTwilioSignature}. */
export interface ValidateTwilioSignatureOptions {
  /** The primary auth token of the Twilio account. */
  authToken: string;
  /** The `X-Twilio-Signature` header as received. */
  signature: string;
  /** The public URL Twilio called, with its query string (see {@link signedUrlVariants}). */
  url: string;
  /** The POSTed form parameters; `{}` for the `bodySHA256` (JSON body) variant. */
  params: TwilioParams;
  /** The connection-override fragment configured on the webhook URL, if any. */
  fragment?: string | undefined;
}

/**
 * Whether `signature` is Twilio's signature of the request: base64 HMAC-SHA1, keyed with
 * the auth token, of the URL followed by the sorted parameters, for any URL variant Twilio
 * may have signed. Compared in constant time.
 *
 * @example
 * await validateTwilioSignature({ authToken, signature, url: 'https://x/twilio/status?n=abc', params });
 */
export async function validateTwilioSignature(
  options: ValidateTwilioSignatureOptions,
): Promise<boolean> {
  if (options.signature === '' || options.authToken === '') return false;
  const key = await authTokenKey(options.authToken);
  for (const url of signedUrlCandidates(options.url, { fragment: options.fragment })) {
    const expected = toBase64(await hmac(key, twilioDataToSign(url, options.params)));
    if (timingSafeEqualStrings(expected, options.signature)) return true;
  }
  return false;
}

/** Options of {@link validateTwilioSignatureWithBody}. */
export type ValidateTwilioBodyOptions = Omit<ValidateTwilioSignatureOptions, 'params'> & {
  /** The raw request body, exactly as received. */
  body: string;
};

/**
 * The `bodySHA256` variant used for JSON bodies: Twilio adds `bodySHA256=<hex sha256 of the
 * body>` to the URL and signs the URL alone. Valid when the URL is signed and the body's
 * hash equals that parameter (like twilio-node's `validateRequestWithBody()`).
 */
export async function validateTwilioSignatureWithBody(
  options: ValidateTwilioBodyOptions,
): Promise<boolean> {
  const claimed = bodyHashOf(options.url);
  if (claimed === null) return false;
  const signed = await validateTwilioSignature({ ...options, params: {} });
  const actual = await sha256Hex(options.body);
  return timingSafeEqualStrings(actual, claimed) && signed;
}

/** The `bodySHA256` query parameter of a URL, or `null` when it has none. */
export function bodyHashOf(url: string): string | null {
  // Most requests are form posts: no URL parse unless the name is there at all.
  if (!url.includes('bodySHA256')) return null;
  return parseUrl(url)?.searchParams.get('bodySHA256') ?? null;
}
