import { createHmac } from 'node:crypto';

/**
 * `X-Twilio-Signature` for a form-encoded webhook: base64 HMAC-SHA1, keyed with the auth
 * token, over the URL followed by every parameter name and value, names sorted.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
