/** One part of a `multipart/related` body: its headers (lower-case names) and bytes. */
export interface BodyPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** The boundary of a `multipart/related; boundary=…` content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  const match = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  return match?.[1] ?? null;
}

/**
 * Splits a `multipart/related` body (the JSON API's multipart upload: the metadata part, then
 * the media part) into its parts. Null when the body does not follow the boundary.
 */
export function parseMultipart(body: Buffer, boundary: string): BodyPart[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: BodyPart[] = [];
  let start = body.indexOf(delimiter);
  if (start === -1) return null;
  for (;;) {
    let cursor = start + delimiter.length;
    // `--boundary--` closes the body.
    if (body.subarray(cursor, cursor + 2).toString() === '--') break;
    if (body.subarray(cursor, cursor + 2).toString() === '\r\n') cursor += 2;
    const next = body.indexOf(delimiter, cursor);
    if (next === -1) return null;
    // The part ends with the CRLF before the next delimiter.
    const raw = body.subarray(cursor, next - 2 >= cursor ? next - 2 : next);
    const split = raw.indexOf('\r\n\r\n');
    if (split === -1) return null;
    const headers: Record<string, string> = {};
    for (const line of raw.subarray(0, split).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const encoding = headers['content-transfer-encoding']?.toLowerCase();
    const content = raw.subarray(split + 4);
    parts.push({
      headers,
      body: encoding === 'base64' ? Buffer.from(content.toString('ascii'), 'base64') : content,
    });
    start = next;
  }
  return parts;
}
