/**
 * Masking of personal data, for log lines and for pages a link opens without a login: the
 * same output everywhere, enough for a person to recognise their own number or address and
 * not enough for anyone else to read it.
 */

/**
 * Masks a phone number (E.164, with or without a `whatsapp:` prefix): the first four
 * characters and the last two stay, the rest becomes `•• •• ••` whatever its length.
 * Anything shorter than 7 characters becomes `•••`.
 *
 * @example maskPhone('+33612345678') // '+336 •• •• •• 78'
 * @example maskPhone('whatsapp:+262692123456') // '+262 •• •• •• 56'
 */
export function maskPhone(phone: string): string {
  const bare = phone.replace(/^whatsapp:/, '');
  if (bare.length < 7) return '•••';
  return `${bare.slice(0, 4)} •• •• •• ${bare.slice(-2)}`;
}

/**
 * Masks an email address: its first character and its domain stay.
 *
 * @example maskEmail('jean.dupont@example.fr') // 'j•••@example.fr'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
