import { isGsm7 } from '@omega/core';

/**
 * Explicit replacements for characters that are not GSM-7. Letters with a diacritic that
 * this table does not list are reduced to their base letter (Unicode NFKD) when that base is
 * GSM-7; anything else that is not GSM-7 (emoji, pictographs, other scripts) is dropped.
 * French letters that GSM-7 does have (é è à ù É Ç) are kept as they are.
 */
export const GSM_TRANSLITERATIONS: Readonly<Record<string, string>> = {
  // French letters missing from GSM-7.
  â: 'a',
  ê: 'e',
  î: 'i',
  ô: 'o',
  û: 'u',
  ë: 'e',
  ï: 'i',
  ÿ: 'y',
  ç: 'c',
  œ: 'oe',
  Œ: 'OE',
  À: 'A',
  Â: 'A',
  È: 'E',
  Ê: 'E',
  Ë: 'E',
  Î: 'I',
  Ï: 'I',
  Ô: 'O',
  Ù: 'U',
  Û: 'U',
  Ÿ: 'Y',
  // Letters without a decomposition.
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  þ: 'th',
  Þ: 'TH',
  ð: 'd',
  // Quotes and apostrophes.
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u02bc': "'",
  '`': "'",
  '´': "'",
  '\u2039': "'",
  '\u203a': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '«': '"',
  '»': '"',
  // Dashes, dots and bullets.
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2022': '-',
  '\u00b7': '.',
  // Spaces (non-breaking, narrow, thin…) become a plain space; invisible ones disappear.
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\t': ' ',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
  '\u00ad': '',
  // Common symbols.
  '°': 'o',
  '²': '2',
  '³': '3',
  '×': 'x',
  '½': '1/2',
  '¼': '1/4',
  '¾': '3/4',
  '™': 'TM',
  '®': '(R)',
  '©': '(C)',
};

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Transliterates one character that is not GSM-7, or returns '' to drop it. */
function transliterateChar(char: string): string {
  const mapped = GSM_TRANSLITERATIONS[char];
  if (mapped !== undefined) return mapped;
  const base = char.normalize('NFKD').replace(COMBINING_MARKS, '');
  return base !== '' && isGsm7(base) ? base : '';
}

/**
 * Makes variable text (a customer's name, a device model, a shop address, a staff message)
 * safe for a GSM-7 SMS, so that it never flips the whole message to UCS-2 (70 characters per
 * segment instead of 160). Keeps GSM-7 characters, including é è à ù É Ç; maps ê→e, â→a,
 * î→i, ô→o, û→u, ë→e, ï→i, ç→c, œ→oe, Œ→OE, À→A, È→E…, curly quotes and « » to plain
 * quotes, … to "...", – and — to "-", non-breaking and thin spaces to a space; drops emoji
 * and any character with no GSM-7 form. Runs of spaces are then collapsed and the ends
 * trimmed (dropping an emoji must not leave "Zoé ," behind). The output always satisfies
 * `isGsm7`.
 *
 * @example transliterateToGsm('Françoise') // 'Francoise'
 * @example transliterateToGsm('Jérôme 🔧') // 'Jérome'
 * @example transliterateToGsm('L’écran « cassé »…') // 'L\'écran "cassé"...'
 */
export function transliterateToGsm(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    out += isGsm7(char) ? char : transliterateChar(char);
  }
  return out.replace(/ {2,}/g, ' ').trim();
}
