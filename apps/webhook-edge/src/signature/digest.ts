// Web Crypto only, so the same code runs in workerd and in Node 20.

const encoder = new TextEncoder();

/** An imported HMAC key (named without the DOM lib's `CryptoKey`, absent from Node's types). */
export type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** Bytes of a string, UTF-8 encoded. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

/** Standard base64 (with padding) of some bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Lower-case hexadecimal of some bytes. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Imports an HMAC key once; sign many messages with it through {@link hmac}. */
export function importHmacKey(secret: string, hash: 'SHA-1' | 'SHA-256'): Promise<HmacKey> {
  return crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash }, false, [
    'sign',
    'verify',
  ]);
}

/** HMAC of a UTF-8 message with an imported key. */
export async function hmac(key: HmacKey, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(message)));
}

/** Lower-case hex SHA-256 of a UTF-8 string (Twilio's `bodySHA256`). */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));
}
