import { err, ok, type Result } from '@omega/core';

/** An opaque short-link id: 8 to 12 ASCII letters and digits, generated and kept server-side. */
export const SHORT_ID_PATTERN = /^[A-Za-z0-9]{8,12}$/;

/** The longest short domain accepted, so that a link always leaves room in a one-segment SMS. */
export const SHORT_DOMAIN_MAX_LENGTH = 20;

/** The longest short link accepted: `https://` + domain + `/t/` + a 12-character id. */
export const SHORT_LINK_MAX_LENGTH =
  'https://'.length + SHORT_DOMAIN_MAX_LENGTH + '/t/'.length + 12;

const DOMAIN_PATTERN = /^(?=.{4,20}$)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
const LINK_PATTERN = /^https:\/\/([^/]+)\/t\/([^/?#]+)$/;

/** The parts of a valid short link. */
export type ShortLinkParts = { domain: string; id: string };

/** Why a string is not an acceptable short link. */
export type ShortLinkError = {
  code: 'not_a_short_link' | 'invalid_domain' | 'invalid_id';
  message: string;
};

/** Tells whether `domain` is a lowercase host name of at most {@link SHORT_DOMAIN_MAX_LENGTH} characters. */
export function isShortDomain(domain: string): boolean {
  return DOMAIN_PATTERN.test(domain);
}

/**
 * Builds the one link an SMS may carry: `https://<domain>/t/<id>`, opening the ticket's landing
 * page (tracking, pre-filled registration, notification preferences). The id is opaque and
 * random (8–12 letters/digits, made by the caller); never put a signed token in a text.
 * Throws a `RangeError` on a bad domain or id: both come from configuration and code, so a
 * bad one is a bug.
 *
 * @example shortLink('omega.fr', 'Ab3xK9pQ') // 'https://omega.fr/t/Ab3xK9pQ'
 */
export function shortLink(domain: string, id: string): string {
  const host = domain.trim().toLowerCase();
  if (!isShortDomain(host)) {
    throw new RangeError(
      `Short domain "${domain}" must be a host name of at most ${SHORT_DOMAIN_MAX_LENGTH} characters`,
    );
  }
  if (!SHORT_ID_PATTERN.test(id)) {
    throw new RangeError(`Short-link id "${id}" must be 8 to 12 ASCII letters or digits`);
  }
  return `https://${host}/t/${id}`;
}

/**
 * Checks that a string is a short link as {@link shortLink} builds it and returns its parts.
 *
 * @example parseShortLink('https://omega.fr/t/Ab3xK9pQ') // { ok: true, value: { domain: 'omega.fr', id: 'Ab3xK9pQ' } }
 * @example parseShortLink('https://omega.fr/track?token=eyJhbGciOi…').ok // false
 */
export function parseShortLink(url: string): Result<ShortLinkParts, ShortLinkError> {
  const match = LINK_PATTERN.exec(url);
  if (!match) {
    return err({
      code: 'not_a_short_link',
      message: `"${url}" is not of the form https://<domain>/t/<id>`,
    });
  }
  const domain = match[1] as string;
  const id = match[2] as string;
  if (!isShortDomain(domain)) {
    return err({
      code: 'invalid_domain',
      message: `"${domain}" is not a lowercase host name of at most ${SHORT_DOMAIN_MAX_LENGTH} characters`,
    });
  }
  if (!SHORT_ID_PATTERN.test(id)) {
    return err({ code: 'invalid_id', message: `"${id}" is not 8 to 12 ASCII letters or digits` });
  }
  return ok({ domain, id });
}

/** Tells whether a string is a valid short link (see {@link parseShortLink}). */
export function isShortLink(url: string): boolean {
  return parseShortLink(url).ok;
}
