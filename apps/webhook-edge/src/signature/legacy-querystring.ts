// Re-encodes a query string the way Node's legacy `querystring.parse()` + `stringify()` pair
// does, which twilio-node tries as a last URL variant: some of Twilio's back ends sign a
// re-escaped form of the query (e.g. `'` kept literal where `new URL()` wrote `%27`).
// Written from the behaviour of Node's module, not from its source; the Node test project
// compares it with `node:querystring` on random inputs.

const MAX_KEYS = 1000;

function looseDecode(text: string): string {
  // `querystring.unescape` falls back to decoding only the valid `%XX` escapes and keeping
  // everything else as it is; invalid UTF-8 becomes U+FFFD.
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
      continue;
    }
    const codePoint = text.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(codePoint);
    if (char.length === 2) i++;
    bytes.push(...encoder.encode(char));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function decodePart(text: string): string {
  const spaced = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return looseDecode(spaced);
  }
}

/**
 * `querystring.stringify(querystring.parse(query))` for a query string without its `?`.
 * Key order follows a plain object's (integer-like names first), as Node's does.
 */
export function legacyRequery(query: string): string {
  const parsed: Record<string, string | string[]> = Object.create(null);
  let pairs = 0;
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    if (pairs++ >= MAX_KEYS) break;
    const eq = piece.indexOf('=');
    const name = decodePart(eq === -1 ? piece : piece.slice(0, eq));
    const value = eq === -1 ? '' : decodePart(piece.slice(eq + 1));
    const seen = parsed[name];
    if (seen === undefined) parsed[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else parsed[name] = [seen, value];
  }
  const out: string[] = [];
  for (const name of Object.keys(parsed)) {
    const value = parsed[name] ?? '';
    // querystring.escape leaves exactly encodeURIComponent's unreserved set unescaped.
    const key = `${encodeURIComponent(name)}=`;
    for (const one of Array.isArray(value) ? value : [value])
      out.push(key + encodeURIComponent(one));
  }
  return out.join('&');
}
