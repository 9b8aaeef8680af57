import type { NotificationKind } from '@omega/core';
import { TEMPLATES } from './catalog/index.ts';
import { contentTemplateName, whatsappContentTemplate } from './content-template.ts';
import type { TemplateDefinition } from './definition.ts';
import { LOCALES, type Locale } from './locale.ts';

/**
 * The kinds that may carry a repair photo outside the 24 h window (an approved `twilio/media`
 * template): the ticket's own notifications — its creation, each status, the reminders — not
 * the automatic answers or the survey.
 */
export const MEDIA_TEMPLATE_KINDS: readonly NotificationKind[] = (
  Object.keys(TEMPLATES) as NotificationKind[]
).filter((kind) => !kind.startsWith('reply_') && kind !== 'satisfaction_survey');

/** The Meta-safe name of the media variant of a kind's template: `<text template name>_media`. */
export function mediaTemplateName(kind: NotificationKind, locale: Locale): string {
  return `${contentTemplateName(kind, locale)}_media`;
}

/** A `twilio/media` content template: the kind's body with the photo as its header media. */
export interface WhatsAppMediaTemplate {
  kind: NotificationKind;
  language: Locale;
  friendlyName: string;
  category: 'utility';
  body: string;
  /** `<mediaBase>/m/{{n}}`: the photo link's token is the last variable. */
  mediaUrl: string;
  /** The placeholder of the photo token. */
  mediaPlaceholder: string;
  contentApiRequest: {
    friendly_name: string;
    language: Locale;
    variables: Record<string, string>;
    types: { 'twilio/media': { body: string; media: string[] } };
  };
  approvalRequest: { name: string; category: 'UTILITY' };
}

/**
 * The media variant of a kind's WhatsApp template (for a photo outside the 24 h window): the
 * same body and body variables, no buttons (a `twilio/media` template has none), and one media
 * URL `<mediaBase>/m/{{n}}` whose last segment is the signed photo token — Meta wants the
 * media URL's host fixed at approval, with a variable only at its end.
 *
 * @example
 * whatsappMediaTemplate('status_completed', 'fr', 'https://o.omega.fr').mediaUrl;
 * // 'https://o.omega.fr/m/{{3}}' (after the two body variables)
 */
export function whatsappMediaTemplate(
  kind: NotificationKind,
  locale: Locale,
  mediaBase: string,
): WhatsAppMediaTemplate {
  const text = whatsappContentTemplate(kind, locale);
  const definition = TEMPLATES[kind] as TemplateDefinition<NotificationKind>;
  const bodyCount = definition.whatsappVariables.length;
  const placeholder = String(bodyCount + 1);
  const mediaUrl = `${mediaBase.replace(/\/$/, '')}/m/{{${placeholder}}}`;
  const friendlyName = mediaTemplateName(kind, locale);
  const samples = Object.fromEntries(
    text.variables.slice(0, bodyCount).map((v) => [v.placeholder, v.sample]),
  );
  return {
    kind,
    language: locale,
    friendlyName,
    category: 'utility',
    body: text.body,
    mediaUrl,
    mediaPlaceholder: placeholder,
    contentApiRequest: {
      friendly_name: friendlyName,
      language: locale,
      variables: { ...samples, [placeholder]: 'sample-photo.jpg' },
      types: { 'twilio/media': { body: text.body, media: [mediaUrl] } },
    },
    approvalRequest: { name: friendlyName, category: 'UTILITY' },
  };
}

/**
 * The variables of a media template from the text template's (`contentVariables` of the
 * rendered message): its body variables, then the photo token (pure).
 */
export function mediaTemplateVariables(
  kind: NotificationKind,
  textVariables: Readonly<Record<string, string>>,
  photoToken: string,
): Record<string, string> {
  const definition = TEMPLATES[kind] as TemplateDefinition<NotificationKind>;
  const count = definition.whatsappVariables.length;
  const variables: Record<string, string> = {};
  for (let n = 1; n <= count; n++) {
    const value = textVariables[String(n)];
    if (value !== undefined) variables[String(n)] = value;
  }
  variables[String(count + 1)] = photoToken;
  return variables;
}

/** Every media template: each media kind in each locale, under `mediaBase`. */
export function allWhatsAppMediaTemplates(mediaBase: string): WhatsAppMediaTemplate[] {
  return MEDIA_TEMPLATE_KINDS.flatMap((kind) =>
    LOCALES.map((locale) => whatsappMediaTemplate(kind, locale, mediaBase)),
  );
}
