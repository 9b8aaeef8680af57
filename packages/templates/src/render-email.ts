import { escapeHtml, type NotificationKind, ok, type Result } from '@omega/core';
import { emailActionLinks, emailActionsHtml, emailActionsText } from './email-actions.ts';
import type { TemplateError } from './errors.ts';
import { BRAND } from './locale.ts';
import { prepareTemplate, type RenderOptions } from './texts.ts';
import type { TemplateVariables } from './variables.ts';

/** A rendered email. */
export type RenderedEmail = {
  /** Subject line, with the brand. */
  subject: string;
  /** Plain-text part. */
  text: string;
  /** HTML part: a small inline-styled layout; every variable is HTML-escaped. */
  html: string;
};

const SIGNATURE = { fr: `L'équipe ${BRAND}`, en: `The ${BRAND} team` } as const;

/**
 * Renders template `kind` as an email: subject, plain text and HTML (the link becomes a
 * button; names, devices and staff text are escaped, so `<script>` in a device name is shown
 * as text). A kind that offers customer actions (a quote, a finished repair, an appointment)
 * adds one link per action to the landing page, which opens with that action's form focused
 * (`email-actions.ts`).
 *
 * @example renderEmail('status_completed', vars).value.subject // "Réparation terminée - O'MEGA Services"
 */
export function renderEmail<K extends NotificationKind>(
  kind: K,
  vars: TemplateVariables<K>,
  options: RenderOptions = {},
): Result<RenderedEmail, TemplateError> {
  const prepared = prepareTemplate(kind, vars, options, false);
  if (!prepared.ok) return prepared;
  const { definition, locale, texts } = prepared.value;
  const wording = definition.locales[locale];
  const link = (texts as Record<string, string | undefined>).link;
  const title = wording.title(texts);
  const subject = title.includes(BRAND) ? title : `${title} - ${BRAND}`;
  const paragraphs = wording.paragraphs(texts, 'email');
  const colon = locale === 'fr' ? ' :' : ':';
  // The actions the message offers, as links to the landing page (a GET never acts).
  const actions = emailActionLinks(kind, link, locale);

  const textParts = [...paragraphs];
  if (link) textParts.push(`${wording.linkLabel}${colon} ${link}`);
  textParts.push(...emailActionsText(actions, locale));
  textParts.push(SIGNATURE[locale]);

  const button = link
    ? `<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(wording.linkLabel)}</a></p>`
    : '';
  const html = [
    '<!doctype html>',
    `<html lang="${locale}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2328">',
    '<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff">',
    `<p style="font-size:13px;color:#57606a;margin:0 0 16px">${escapeHtml(BRAND)}</p>`,
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(`${wording.emoji} ${title}`)}</h1>`,
    ...paragraphs.map(
      (p) => `<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(p)}</p>`,
    ),
    button,
    emailActionsHtml(actions, locale),
    `<p style="font-size:15px;margin:24px 0 0">${escapeHtml(SIGNATURE[locale])}</p>`,
    '</div>',
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n');

  return ok({ subject, text: textParts.join('\n\n'), html });
}
