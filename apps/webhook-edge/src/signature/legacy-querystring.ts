// Re-encodes a query string the way Node's legacy `querystring.parse()` + `stringify()` pair
// does, which twilio-node tries as a last URL variant: some of Twilio's back ends sign a
// re-escaped form of the query (e.g. `'` kept literal where `new URL()` wrote `%27`).
// Written from the behaviour of Node's module, not from its source; the Node test project
// compares it with `node:querystring` on random inputs.

const MAX_KEYS = 1000;

function looseDecode(text: string): string {
  // `querystring.unescape` falls back to decoding only the valid `%XX` escapes; every other
  // UTF-16 unit is written as its low byte (so raw non-ASCII is mangled, as in Node) and
  // invalid UTF-8 becomes U+FFFD.
  const bytes = new Uint8Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes[length++] = Number.parseInt(hex, 16);
      i += 2;
    } else {
      bytes[length++] = text.charCodeAt(i) & 0xff;
    }
  }
  return new TextDecoder().decode(bytes.subarray(0, length));
}

function decodePart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return looseDecode(text);
  }
}

const isHex = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

function add(parsed: Record<string, string | string[]>, pair: Pair): void {
  const name = pair.keyEncoded && pair.key ? decodePart(pair.key) : pair.key;
  const value = pair.valueEncoded && pair.value ? decodePart(pair.value) : pair.value;
  const seen = parsed[name];
  if (seen === undefined) parsed[name] = value;
  else if (Array.isArray(seen)) seen.push(value);
  else parsed[name] = [seen, value];
}

interface Pair {
  key: string;
  value: string;
  keyEncoded: boolean;
  valueEncoded: boolean;
}

// `querystring.parse(query)` with the default separators. Node decodes a name or value only
// when its scan saw a valid `%XX`; that scan runs on the key's characters too once the key
// is known to be encoded, which can mark the value as encoded (kept, as Node does).
function parseLegacy(query: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = Object.create(null);
  if (query.length === 0) return parsed;
  let pairs = MAX_KEYS;
  let lastPos = 0;
  let afterEq = false;
  let check = 0;
  let pair: Pair = { key: '', value: '', keyEncoded: false, valueEncoded: false };
  for (let i = 0; i < query.length; i++) {
    const code = query.charCodeAt(i);
    if (code === 38 /* & */) {
      if (!afterEq) {
        if (lastPos < i) pair.key += query.slice(lastPos, i);
        else if (pair.key.length === 0) {
          if (--pairs === 0) return parsed;
          lastPos = i + 1;
          continue;
        }
      } else if (lastPos < i) pair.value += query.slice(lastPos, i);
      add(parsed, pair);
      if (--pairs === 0) return parsed;
      pair = { key: '', value: '', keyEncoded: false, valueEncoded: false };
      check = 0;
      lastPos = i + 1;
      afterEq = false;
      continue;
    }
    if (!afterEq) {
      if (code === 61 /* = */) {
        afterEq = true;
        if (lastPos < i) pair.key += query.slice(lastPos, i);
        check = 0;
        lastPos = i + 1;
        continue;
      }
      if (!pair.keyEncoded) {
        if (code === 37 /* % */) {
          check = 1;
          continue;
        }
        if (check > 0) {
          if (isHex(code)) {
            if (++check === 3) pair.keyEncoded = true;
            continue;
          }
          check = 0;
        }
      }
      if (code === 43 /* + */) {
        if (lastPos < i) pair.key += query.slice(lastPos, i);
        pair.key += ' ';
        lastPos = i + 1;
        continue;
      }
    }
    if (code === 43 /* + */) {
      if (lastPos < i) pair.value += query.slice(lastPos, i);
      pair.value += ' ';
      lastPos = i + 1;
    } else if (!pair.valueEncoded) {
      if (code === 37 /* % */) check = 1;
      else if (check > 0) {
        if (isHex(code)) {
          if (++check === 3) pair.valueEncoded = true;
        } else check = 0;
      }
    }
  }
  if (lastPos < query.length) {
    if (!afterEq) pair.key += query.slice(lastPos);
    else pair.value += query.slice(lastPos);
  } else if (!afterEq && pair.key.length === 0) return parsed;
  add(parsed, pair);
  return parsed;
}

/**
 * `querystring.stringify(querystring.parse(query))` for a query string without its `?`.
 * Key order follows a plain object's (integer-like names first), as Node's does.
 */
export function legacyRequery(query: string): string {
  const parsed = parseLegacy(query);
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
