import { type Channel, err, type NotificationKind, type Result } from '@omega/core';
import { TemplateError } from './errors.ts';
import { type RenderedEmail, renderEmail } from './render-email.ts';
import { type RenderedPush, renderPush } from './render-push.ts';
import { type RenderedSms, renderSms } from './render-sms.ts';
import { type RenderedWhatsApp, renderWhatsApp } from './render-whatsapp.ts';
import type { RenderOptions } from './texts.ts';
import type { TemplateVariables } from './variables.ts';

/** What each channel's renderer returns. */
export type RenderedByChannel = {
  sms: RenderedSms;
  whatsapp: RenderedWhatsApp;
  email: RenderedEmail;
  push: RenderedPush;
};

/**
 * Renders template `kind` for `channel`. The variables are typed per template, so a missing
 * one does not compile; at runtime (untyped data) a missing or blank required variable is a
 * failed `Result` with a `TemplateError` of code `missing_variable` naming it. Never
 * produces "undefined" in a text.
 *
 * @example
 * const sms = render('status_in_repair', 'sms', { device: 'iPhone 13', link: 'https://omega.fr/t/Ab3xK9pQ' });
 * if (sms.ok) sms.value.text; // "O'MEGA Services : Bonjour, la réparation de votre iPhone 13 est en cours. Suivi : https://omega.fr/t/Ab3xK9pQ"
 */
export function render<K extends NotificationKind, C extends Channel>(
  kind: K,
  channel: C,
  vars: TemplateVariables<K>,
  options: RenderOptions = {},
): Result<RenderedByChannel[C], TemplateError> {
  switch (channel as Channel) {
    case 'sms':
      return renderSms(kind, vars, options) as Result<RenderedByChannel[C], TemplateError>;
    case 'whatsapp':
      return renderWhatsApp(kind, vars, options) as Result<RenderedByChannel[C], TemplateError>;
    case 'email':
      return renderEmail(kind, vars, options) as Result<RenderedByChannel[C], TemplateError>;
    case 'push':
      return renderPush(kind, vars, options) as Result<RenderedByChannel[C], TemplateError>;
    default:
      return err(
        new TemplateError('unknown_channel', kind, `Unknown channel "${String(channel)}"`),
      );
  }
}

/**
 * Like {@link render} but throws the `TemplateError` instead of returning it: for callers
 * whose variables are known-good (they went through the type checker and `checkVariables`).
 *
 * @example renderOrThrow('reply_opt_in', 'sms', {}).text
 */
export function renderOrThrow<K extends NotificationKind, C extends Channel>(
  kind: K,
  channel: C,
  vars: TemplateVariables<K>,
  options: RenderOptions = {},
): RenderedByChannel[C] {
  const result = render(kind, channel, vars, options);
  if (!result.ok) throw result.error;
  return result.value;
}
