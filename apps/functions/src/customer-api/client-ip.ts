// The client's address behind Google's front end, for the customer API's rate limits and the
// IP hash recorded with web consent.
//
// `X-Forwarded-For` is a list that every proxy appends to; whatever the client sent comes first
// and is kept, so its left-most entries are the client's own words. Only the entries Google's
// infrastructure appends can be trusted, and they are the right-most ones:
//
// - Cloud Functions (2nd gen) run on Cloud Run behind Google's front end, which appends the
//   address it saw and then its own hop: `<what the client sent…>, <client-ip>, <google-ip>`
//   (Google's load-balancer reference: "<unverified IP(s)>, <immediate client IP>, <global
//   forwarding rule external IP>"; ESPv2 on Cloud Run takes the second entry from the end by
//   default). So one trusted hop sits right of the client's address:
//   `DEFAULT_TRUSTED_PROXY_HOPS = 1`. Through a Firebase Hosting rewrite, reports differ on
//   whether Hosting's edge adds an entry of its own; if it does, the entry chosen is that edge's
//   address — shared by the clients of one edge, never one a client wrote. Raising the count to
//   reach past it is safe only if the function cannot be called on its own URL (see README).
// - `Fastly-Client-IP` (set by Firebase Hosting's CDN) is not used: Fastly keeps a value the client
//   sent unless the service's own configuration overwrites it, which Firebase does not document, and
//   anyone calling the function's own URL sets it freely.
// - One more trusted proxy in front (a CDN of the shop's own that appends to the header) means one
//   more hop: `trustedProxyHops` of `createCustomerApi`'s deps.
//
// Counting from the right never lets a client pick its address: the entries it can write are all
// left of the ones Google appends. When the header has fewer entries than trusted hops + 1 (local
// runs, the emulator, tests), the left-most entry is the nearest thing to the client on record.
// Sources: apps/functions/README.md ("Client address").

/** Entries Google's front end appends right of the client's address (see the file comment). */
export const DEFAULT_TRUSTED_PROXY_HOPS = 1;

/** The entries of one or more `X-Forwarded-For` values, left to right, trimmed, empty ones dropped. */
export function forwardedEntries(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * One spelling per address, so the same client always hashes the same: IPv4 and bracketed IPv6
 * lose a port, IPv6 is lower-cased, an IPv4-mapped IPv6 address becomes the IPv4 address.
 */
export function normaliseAddress(value: string): string {
  let v = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed?.[1]) v = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(v)) v = v.replace(/:\d+$/, '');
  v = v.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(v);
  return mapped?.[1] ?? v;
}

/** Options of {@link clientAddress}. */
export interface ClientAddressOptions {
  /** Right-most `X-Forwarded-For` entries appended by trusted proxies after the client's address. */
  trustedHops?: number;
  /** The socket's peer, used when there is no `X-Forwarded-For` at all. */
  socketAddress?: string | null | undefined;
}

/**
 * The client's address: the `X-Forwarded-For` entry `trustedHops` places left of the last one
 * (the address Google's front end saw), else the socket's peer, else `'unknown'`.
 *
 * @example
 * clientAddress('6.6.6.6, 1.1.1.1, 203.0.113.7, 66.102.8.142') // '203.0.113.7'
 */
export function clientAddress(
  forwardedFor: string | null | undefined,
  options: ClientAddressOptions = {},
): string {
  const hops = Math.max(0, Math.floor(options.trustedHops ?? DEFAULT_TRUSTED_PROXY_HOPS));
  const entries = forwardedEntries(forwardedFor);
  if (entries.length > 0) {
    const chosen = entries[Math.max(0, entries.length - 1 - hops)] as string;
    return normaliseAddress(chosen);
  }
  return options.socketAddress ? normaliseAddress(options.socketAddress) : 'unknown';
}
