import { type NotificationKind, ok, type Result } from '@omega/core';
import type { TemplateError } from './errors.ts';
import { prepareTemplate, type RenderOptions } from './texts.ts';
import type { TemplateVariables } from './variables.ts';

/** A rendered push notification. */
export type RenderedPush = {
  /** Title, with the template's emoji. */
  title: string;
  /** One or two short sentences. */
  body: string;
  /** The ticket's short link to open on tap, when the template has one. */
  link?: string;
};

/**
 * Renders template `kind` as a push notification (title + body; emoji allowed).
 *
 * @example renderPush('status_completed', vars).value.title // '✅ Réparation terminée'
 */
export function renderPush<K extends NotificationKind>(
  kind: K,
  vars: TemplateVariables<K>,
  options: RenderOptions = {},
): Result<RenderedPush, TemplateError> {
  const prepared = prepareTemplate(kind, vars, options, false);
  if (!prepared.ok) return prepared;
  const { definition, locale, texts } = prepared.value;
  const wording = definition.locales[locale];
  const link = (texts as Record<string, string | undefined>).link;
  const push: RenderedPush = {
    title: `${wording.emoji} ${wording.title(texts)}`,
    body: wording.push(texts),
  };
  if (link) push.link = link;
  return ok(push);
}
