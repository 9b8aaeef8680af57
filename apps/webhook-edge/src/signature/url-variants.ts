import { legacyRequery } from './legacy-querystring.ts';

interface UrlParts {
  scheme: string;
  userInfo: string;
  host: string;
  port: string;
  rest: string;
}

// Splits without normalising, so the path and query keep the characters Twilio signed.
function splitUrl(url: string): UrlParts | null {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return null;
  const [prefix, scheme = '', authority = ''] = match;
  const userInfoEnd = authority.lastIndexOf('@');
  const hostAndPort = authority.slice(userInfoEnd + 1);
  // In an IPv6 literal the port colon comes after the closing bracket.
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

/** `new URL(url)`, or `null` when the string is not an absolute URL. */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The URL with the scheme's standard port (`:443`/`:80`) added when it has no port. */
export function withStandardPort(url: string): string {
  const parts = splitUrl(url);
  if (!parts || parts.port) return url;
  const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

/** The URL without any port. */
export function withoutPort(url: string): string {
  const parts = splitUrl(url);
  if (!parts) return url;
  return parts.scheme + parts.userInfo + parts.host + parts.rest;
}

/** The URL with its query string re-encoded as Node's legacy `querystring` would. */
export function withLegacyQuery(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt === -1 || queryAt === beforeHash.length - 1) return url;
  return `${beforeHash.slice(0, queryAt)}?${legacyRequery(beforeHash.slice(queryAt + 1))}${hash}`;
}

/** Options of {@link signedUrlVariants}. */
export interface SignedUrlVariantsOptions {
  /**
   * The connection-override fragment configured on the webhook URL (e.g. `rc=3&rp=ct,5xx`,
   * with or without `#`). It never reaches the server and whether Twilio signs it is not
   * documented, so every variant is also tried with it appended.
   */
  fragment?: string | undefined;
}

/**
 * Every URL Twilio may have signed for a request to `url`, most likely first, without
 * duplicates, computed lazily (a valid request usually matches the first one): as received,
 * without any port and with the standard port, then normalised by `new URL()` (without/with
 * port, and with the legacy query encoding); then all of those again with the configured
 * fragment.
 * Mirrors twilio-node's `validateRequest()`, plus the fragment.
 */
export function* signedUrlCandidates(
  url: string,
  options: SignedUrlVariantsOptions = {},
): Generator<string> {
  const bare = url.split('#', 1)[0] ?? url;
  const seen = new Set<string>();
  function* unique(candidates: Iterable<string>): Generator<string> {
    for (const candidate of candidates) {
      if (seen.has(candidate)) continue;
      seen.add(candidate);
      yield candidate;
    }
  }
  function* withoutFragment(): Generator<string> {
    // As received first: one HMAC for a valid request, with or without an explicit port.
    yield bare;
    yield withoutPort(bare);
    yield withStandardPort(bare);
    const parsed = parseUrl(bare);
    if (!parsed) return;
    const plain = withoutPort(parsed.toString());
    const ported = withStandardPort(parsed.toString());
    yield plain;
    yield ported;
    yield withLegacyQuery(plain);
    yield withLegacyQuery(ported);
  }
  yield* unique(withoutFragment());
  const fragment = options.fragment?.replace(/^#/, '');
  if (!fragment) return;
  for (const variant of withoutFragment()) yield* unique([`${variant}#${fragment}`]);
}

/** {@link signedUrlCandidates} as an array. */
export function signedUrlVariants(url: string, options: SignedUrlVariantsOptions = {}): string[] {
  return [...signedUrlCandidates(url, options)];
}
