import { type NotificationKind, ok, type Result } from '@omega/core';
import { buttonPayload } from './buttons.ts';
import { contentTemplateName, contentVariableOrder } from './content-template.ts';
import type { TemplateError } from './errors.ts';
import { BRAND } from './locale.ts';
import { prepareTemplate, type RenderOptions } from './texts.ts';
import type { TemplateVariables } from './variables.ts';

/** A rendered WhatsApp message: free text for inside the 24 h window, template send for outside it. */
export type RenderedWhatsApp = {
  /** Free-form body (emoji, *bold* heading, paragraphs, link, signature) for inside the window. */
  text: string;
  /** What to send outside the window: `ContentSid` from this name, `ContentVariables` as JSON. */
  template: {
    /** The approved template's friendly name (look its `HX…` sid up by this name). */
    friendlyName: string;
    /** Values for `ContentVariables`: `{ "1": "iPhone 13", "2": "https://…", "3": "<ticket id>" }`. */
    contentVariables: Record<string, string>;
    /** The template body with the values filled in, for the history and the preview. */
    body: string;
    /** The payloads the buttons will send back (`ticket:<id>:<action>`). */
    buttonPayloads: string[];
  };
};

/**
 * WhatsApp rejects parameter values with new lines, tabs or more than four spaces in a row;
 * values are single-line already, this makes sure.
 */
function parameterValue(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/ {4,}/g, '   ');
}

/**
 * Renders template `kind` for WhatsApp: the free text (accents and emoji allowed) and the
 * content-template send (name + variables) for when the 24 h window is closed. Core's
 * `whatsappSendMode` decides which one goes out.
 *
 * @example
 * const wa = renderWhatsApp('status_completed', vars);
 * wa.value.template.contentVariables; // { '1': 'iPhone 13', '2': 'https://omega.fr/t/Ab3xK9pQ', '3': 't1' }
 */
export function renderWhatsApp<K extends NotificationKind>(
  kind: K,
  vars: TemplateVariables<K>,
  options: RenderOptions = {},
): Result<RenderedWhatsApp, TemplateError> {
  const prepared = prepareTemplate(kind, vars, options, false);
  if (!prepared.ok) return prepared;
  const { definition, locale, texts } = prepared.value;
  const wording = definition.locales[locale];
  const values = texts as Record<string, string | undefined>;
  const colon = locale === 'fr' ? ' :' : ':';

  const blocks = [
    `${wording.emoji} *${wording.title(texts)}*`,
    ...wording.paragraphs(texts, 'whatsapp'),
  ];
  if (values.link) blocks.push(`${wording.linkLabel}${colon} ${values.link}`);
  blocks.push(`_${BRAND}_`);

  const contentVariables: Record<string, string> = {};
  contentVariableOrder(kind).forEach((variable, index) => {
    contentVariables[String(index + 1)] = parameterValue(values[variable] ?? '');
  });
  const body = wording.whatsappBody.replace(
    /\{\{(\d+)\}\}/g,
    (_match, n: string) => contentVariables[n] ?? '',
  );
  const ticketId = values.ticketId;
  const buttonPayloads =
    ticketId === undefined
      ? []
      : definition.buttons.map((action) => buttonPayload(ticketId, action));

  return ok({
    text: blocks.join('\n\n'),
    template: {
      friendlyName: contentTemplateName(kind, locale),
      contentVariables,
      body,
      buttonPayloads,
    },
  });
}
