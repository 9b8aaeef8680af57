import {
  type Channel,
  countSegments,
  DEFAULT_PRICE_SETTINGS,
  err,
  estimateMessageCostEur,
  type NotificationKind,
  ok,
  type PriceSettings,
  type PriceZone,
  priceZoneForCountry,
  type Result,
  type SegmentCount,
} from '@omega/core';
import { TemplateError } from './errors.ts';
import { renderEmail } from './render-email.ts';
import { renderPush } from './render-push.ts';
import type { Truncation } from './render-sms.ts';
import { renderSms } from './render-sms.ts';
import { renderWhatsApp } from './render-whatsapp.ts';
import type { RenderOptions } from './texts.ts';
import type { TemplateVariables } from './variables.ts';

/** Settings for {@link preview}: rendering options plus where the message goes and prices. */
export type PreviewSettings = RenderOptions & {
  /** Prices per zone; core's `DEFAULT_PRICE_SETTINGS` when absent. */
  prices?: PriceSettings;
  /** Destination price zone; wins over `country`. */
  zone?: PriceZone;
  /** Destination country (ISO 3166 alpha-2), turned into a zone; `FR` when absent. */
  country?: string;
  /** WhatsApp only: preview the free text (`free_text`, default) or the content template (`template`). */
  whatsappMode?: 'free_text' | 'template';
};

/** What the dashboard's live counter shows. */
export type Preview = {
  /** The message as it would go out (email: the plain-text part; push: title and body). */
  text: string;
  /** Encoding of `text` as an SMS would carry it (informative outside SMS). */
  encoding: SegmentCount['encoding'];
  /** Billable SMS segments; 1 for the other channels (one message). */
  segments: number;
  /** Characters that force UCS-2 in `text` (for SMS: what to fix). */
  nonGsmCharacters: string[];
  /** Estimated price in euros (core's `estimateMessageCostEur`; email and push are free). */
  estimatedEur: number;
  /** Variables the SMS budget shortened (always empty outside SMS). */
  truncated: Truncation[];
};

/**
 * Renders template `kind` on `channel` and prices it: text, encoding, segments, non-GSM
 * characters, estimated euros and what was shortened. The dashboard calls it on every
 * keystroke of the template preview.
 *
 * @example
 * const p = preview('status_completed', 'sms', sampleVariables('status_completed'), { country: 'FR' });
 * if (p.ok) [p.value.segments, p.value.estimatedEur]; // [1, 0.075]
 */
export function preview<K extends NotificationKind>(
  kind: K,
  channel: Channel,
  vars: TemplateVariables<K>,
  settings: PreviewSettings = {},
): Result<Preview, TemplateError> {
  const prices = settings.prices ?? DEFAULT_PRICE_SETTINGS;
  const zone = settings.zone ?? priceZoneForCountry(settings.country ?? 'FR');

  if (channel === 'sms') {
    const sms = renderSms(kind, vars, settings);
    if (!sms.ok) return sms;
    return ok({
      text: sms.value.text,
      encoding: sms.value.encoding,
      segments: sms.value.segments,
      nonGsmCharacters: sms.value.nonGsmCharacters,
      estimatedEur: estimateMessageCostEur('sms', { segments: sms.value.segments, zone }, prices),
      truncated: sms.value.truncated,
    });
  }

  const text = longFormText(kind, channel, vars, settings);
  if (!text.ok) return text;
  const count = countSegments(text.value);
  return ok({
    text: text.value,
    encoding: count.encoding,
    segments: 1,
    nonGsmCharacters: count.nonGsmCharacters,
    estimatedEur: estimateMessageCostEur(channel, { segments: 1, zone }, prices),
    truncated: [],
  });
}

/** The text a non-SMS channel shows: WhatsApp free text or filled template, email text, push title and body. */
function longFormText<K extends NotificationKind>(
  kind: K,
  channel: Exclude<Channel, 'sms'>,
  vars: TemplateVariables<K>,
  settings: PreviewSettings,
): Result<string, TemplateError> {
  switch (channel) {
    case 'whatsapp': {
      const wa = renderWhatsApp(kind, vars, settings);
      if (!wa.ok) return wa;
      return ok(settings.whatsappMode === 'template' ? wa.value.template.body : wa.value.text);
    }
    case 'email': {
      const email = renderEmail(kind, vars, settings);
      return email.ok ? ok(email.value.text) : email;
    }
    case 'push': {
      const push = renderPush(kind, vars, settings);
      return push.ok ? ok(`${push.value.title}\n${push.value.body}`) : push;
    }
  }
  return err(new TemplateError('unknown_channel', kind, `Unknown channel "${String(channel)}"`));
}
