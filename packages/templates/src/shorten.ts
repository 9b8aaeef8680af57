/**
 * How a variable is shortened when an SMS would otherwise exceed one segment:
 * - `name`: a first name; cut at a space or hyphen ("Marie-Hélène" → "Marie"), never in the
 *   middle of a name ("Bonjour Maxim.," reads badly): when no whole part fits, the name is
 *   dropped and the greeting goes without it ("Bonjour, ").
 * - `words`: a device model; keep whole leading words ("Samsung Galaxy Z Fold6 5G 512 Go" →
 *   "Samsung Galaxy Z"), else a hard cut ending in ".".
 * - `sentence`: free text (a staff message); keep whole leading words and end with "...",
 *   else a hard cut ending in "...".
 */
export type ShortenStyle = 'name' | 'words' | 'sentence';

const TRAILING_JUNK = /[\s,;:.\-/+(&]+$/;

/** Cuts before an opening bracket or quote left unclosed ("PlayStation 5 (manette" → "PlayStation 5"). */
function balanced(text: string): string {
  for (const [open, close] of [
    ['(', ')'],
    ['"', '"'],
    ['«', '»'],
  ] as const) {
    const opens = text.split(open).length - 1;
    const unclosed = open === close ? opens % 2 : opens - (text.split(close).length - 1);
    if (unclosed > 0) return text.slice(0, text.lastIndexOf(open)).replace(TRAILING_JUNK, '');
  }
  return text;
}

/** The longest prefix of whole words (split at the style's separators) within `max` characters. */
function wordPrefix(value: string, max: number, separators: RegExp): string {
  let best = '';
  for (const match of value.matchAll(separators)) {
    const end = match.index;
    if (end > max) break;
    const candidate = balanced(value.slice(0, end).replace(TRAILING_JUNK, ''));
    if (candidate.length > 0) best = candidate;
  }
  return best;
}

/**
 * Shortens `value` to at most `maxLength` characters, following `style`. Returns the value
 * unchanged when it already fits, and '' when `maxLength` is 0 (or too small for a hard cut).
 * Whole words are preferred; a hard cut keeps as many leading characters as fit with its
 * marker ("." or "...").
 *
 * @example shortenText('Samsung Galaxy Z Fold6 5G 512 Go', 20, 'words') // 'Samsung Galaxy Z'
 * @example shortenText('Marie-Hélène', 8, 'name') // 'Marie'
 * @example shortenText('Maximilienne', 6, 'name') // ''
 * @example shortenText('Motorola', 6, 'words') // 'Motor.'
 */
export function shortenText(value: string, maxLength: number, style: ShortenStyle): string {
  if (value.length <= maxLength) return value;
  const marker = style === 'sentence' ? '...' : '.';
  if (maxLength <= marker.length) return '';
  const separators = style === 'name' ? /[\s-]/g : /\s/g;
  const room = style === 'sentence' ? maxLength - marker.length : maxLength;
  const words = wordPrefix(value, room, separators);
  if (words.length > 0) return style === 'sentence' ? `${words}${marker}` : words;
  if (style === 'name') return '';
  const cut = value.slice(0, maxLength - marker.length).replace(TRAILING_JUNK, '');
  return cut.length > 0 ? `${cut}${marker}` : '';
}
