import {
  actionsOfferedBy,
  type CustomerAction,
  escapeHtml,
  type NotificationKind,
} from '@omega/core';
import { QUICK_REPLY_TITLES } from './buttons.ts';
import type { Locale } from './locale.ts';

/** One action link of an email: the landing page with that action's form focused. */
export interface EmailActionLink {
  action: CustomerAction;
  label: string;
  url: string;
}

/**
 * The landing-page URL that opens `link`'s page with `action`'s form highlighted and its button
 * focused (`?action=<action>`; the browser scrolls to the focused button — no fragment, which
 * would cancel `autofocus`). Opening it changes nothing — mail scanners prefetch links — the
 * customer confirms on the page with one tap.
 *
 * @example emailActionUrl('https://omega.fr/t/Ab3xK9pQ', 'quote_accept') // 'https://omega.fr/t/Ab3xK9pQ?action=quote_accept'
 */
export function emailActionUrl(link: string, action: CustomerAction): string {
  const base = link.split('#')[0] as string;
  return `${base}${base.includes('?') ? '&' : '?'}action=${action}`;
}

/** The action links an email of `kind` carries (core's `actionsOfferedBy`), none without a link. */
export function emailActionLinks(
  kind: NotificationKind,
  link: string | undefined,
  locale: Locale,
): EmailActionLink[] {
  if (!link) return [];
  return actionsOfferedBy(kind).map((action) => ({
    action,
    label: QUICK_REPLY_TITLES[locale][action],
    url: emailActionUrl(link, action),
  }));
}

const INTRO = {
  fr: 'Répondez directement : chaque lien ouvre votre dossier, où vous confirmez en un geste.',
  en: 'Answer directly: each link opens your repair page, where you confirm with one tap.',
} as const;

/** The plain-text lines of the action links (empty without actions). */
export function emailActionsText(links: readonly EmailActionLink[], locale: Locale): string[] {
  if (links.length === 0) return [];
  const colon = locale === 'fr' ? ' :' : ':';
  return [[INTRO[locale], ...links.map((l) => `- ${l.label}${colon} ${l.url}`)].join('\n')];
}

/** The HTML of the action links: one outlined button per action, stacked (empty without). */
export function emailActionsHtml(links: readonly EmailActionLink[], locale: Locale): string {
  if (links.length === 0) return '';
  const buttons = links.map(
    (l) =>
      `<p style="margin:0 0 10px"><a href="${escapeHtml(l.url)}" style="border:2px solid #0b5cad;color:#0b5cad;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:bold">${escapeHtml(l.label)}</a></p>`,
  );
  return [
    `<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(INTRO[locale])}</p>`,
    ...buttons,
  ].join('\n');
}
