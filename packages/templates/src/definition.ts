import type { NotificationKind } from '@omega/core';
import type { QuickReplyAction } from './buttons.ts';
import type { Locale } from './locale.ts';
import type { TEMPLATE_VARIABLES, TemplateVariables, VariableName } from './variables.ts';

/**
 * A template's variables as display text: names and devices as they go out on the channel
 * (transliterated to GSM-7 for SMS), amounts, dates, counts and statuses already formatted
 * for the locale. Optional variables stay optional.
 */
export type TemplateTexts<K extends NotificationKind> = {
  [P in keyof TemplateVariables<K>]: string;
};

/** The required variables of template `K`. */
export type RequiredVariable<K extends NotificationKind> =
  (typeof TEMPLATE_VARIABLES)[K]['required'][number];

/** The long-form channels that share the paragraphs of a template. */
export type LongFormChannel = 'whatsapp' | 'email';

/**
 * One step of the SMS length budget: shorten `variable` (a name, a device or a staff message)
 * down to at most `floor` characters, only as much as needed to fit one segment.
 */
export type ShrinkStep = readonly [variable: VariableName, floor: number];

/** A template's wording in one language. */
export interface LocaleTemplate<K extends NotificationKind> {
  /** One emoji for WhatsApp, push and email headings (never used in SMS). */
  emoji: string;
  /** Short heading: email subject (with the brand), push title, WhatsApp bold first line. */
  title(v: TemplateTexts<K>): string;
  /** The SMS body, brand first, GSM-7 only, at most one link and nothing right after it. */
  sms(v: TemplateTexts<K>): string;
  /** Paragraphs for email and WhatsApp free text (accents and typographic French allowed). */
  paragraphs(v: TemplateTexts<K>, channel: LongFormChannel): string[];
  /** The push notification body (one or two short sentences). */
  push(v: TemplateTexts<K>): string;
  /** Label for the short link in email and WhatsApp free text ("Suivre ma réparation"). */
  linkLabel: string;
  /**
   * The WhatsApp content-template body for outside the 24 h window, with numbered variables
   * `{{1}}`… standing for the template's `whatsappVariables` in order. No variable at the
   * start or end, never two variables side by side (Meta's rules).
   */
  whatsappBody: string;
}

/** Everything about one message kind: its wording per language and its channel specifics. */
export interface TemplateDefinition<K extends NotificationKind> {
  /** The template id, core's `NotificationKind`. */
  kind: K;
  /** Content-template body variables in `{{n}}` order; all must be required variables. */
  whatsappVariables: readonly RequiredVariable<K>[];
  /**
   * Quick-reply buttons of the content template. Their ids are `ticket:{{n}}:<action>` where
   * `{{n}}` is the ticket id, numbered right after the body variables.
   */
  buttons: readonly QuickReplyAction[];
  /**
   * The content template also carries a URL button opening the shop on Google Maps (its URL
   * ends with the `shopCoordinates` placeholder, numbered last): a `twilio/call-to-action`, or a
   * `twilio/card` next to the quick replies (see docs/decisions/010-shop-location-on-whatsapp.md).
   */
  mapsButton?: true;
  /** The SMS length budget, in order. */
  shrink: readonly ShrinkStep[];
  /** The wording per language. */
  locales: Readonly<Record<Locale, LocaleTemplate<K>>>;
}

/** The whole catalogue: one definition per notification kind, checked by the compiler. */
export type TemplateCatalog = { readonly [K in NotificationKind]: TemplateDefinition<K> };
