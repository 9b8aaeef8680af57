const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * The URL Twilio called: the request URL, or, behind a proxy or custom domain, the
 * configured public base (origin plus optional path prefix) followed by the request's
 * path and query exactly as received.
 */
export function publicUrl(requestUrl: string, publicBaseUrl?: string): string {
  if (!publicBaseUrl) return requestUrl;
  const origin = ORIGIN.exec(requestUrl)?.[0] ?? '';
  return publicBaseUrl.replace(/\/+$/, '') + requestUrl.slice(origin.length);
}
