import type { ActionReplyKey, NotificationKind, Result, TicketStatus } from '@omega/core';
import { err, ok, SHOP_TIME_ZONE } from '@omega/core';
import { TEMPLATES } from './catalog/index.ts';
import type { TemplateDefinition, TemplateTexts } from './definition.ts';
import { TemplateError } from './errors.ts';
import {
  actionReplyText,
  formatAppointment,
  formatDays,
  formatEuros,
  statusLabel,
} from './format.ts';
import { DEFAULT_LOCALE, type Locale } from './locale.ts';
import { transliterateToGsm } from './transliterate.ts';
import {
  type CheckedVariables,
  checkVariables,
  TEMPLATE_VARIABLES,
  type VariableName,
} from './variables.ts';

/** Options shared by every renderer. */
export type RenderOptions = {
  /** Language of the message; French by default. */
  locale?: Locale;
  /** Time zone appointments are shown in; the shop's (`SHOP_TIME_ZONE`) by default (see core's `timeZoneForCountry`). */
  timeZone?: string;
  /**
   * SMS only: transliterate variable text to GSM-7 (default `true`). Turning it off lets a
   * name such as "Françoise" switch the SMS to UCS-2; the budget then works against 70
   * characters and usually cannot keep one segment.
   */
  transliterate?: boolean;
};

/** What the renderers share after checking: the definition, the locale and display texts. */
export type PreparedTemplate<K extends NotificationKind> = {
  definition: TemplateDefinition<K>;
  locale: Locale;
  texts: TemplateTexts<K>;
};

/** Turns one checked value into display text for a locale. */
function display(name: VariableName, value: unknown, locale: Locale, timeZone: string): string {
  switch (name) {
    case 'amountEur':
      return formatEuros(value as number, locale);
    case 'appointmentAt':
      return formatAppointment(value as Date, locale, timeZone);
    case 'daysWaiting':
    case 'storageDays':
      return formatDays(value as number, locale);
    case 'status':
      return statusLabel(value as TicketStatus, locale);
    case 'actionReply':
      return actionReplyText(value as ActionReplyKey, locale);
    default:
      return value as string;
  }
}

/**
 * Checks the variables of `kind` and turns them into display texts for `locale`; for SMS
 * (`gsm`), every text is transliterated to GSM-7. A required text with no GSM-7 character
 * left fails with `invalid_variable`; an optional one (a first name in another script) is
 * dropped.
 */
export function prepareTemplate<K extends NotificationKind>(
  kind: K,
  vars: unknown,
  options: RenderOptions,
  gsm: boolean,
): Result<PreparedTemplate<K>, TemplateError> {
  const definition = (TEMPLATES as unknown as Record<string, TemplateDefinition<K> | undefined>)[
    kind
  ];
  if (definition === undefined) {
    return err(new TemplateError('unknown_template', kind, `Unknown template "${kind}"`));
  }
  const locale = options.locale ?? DEFAULT_LOCALE;
  if (locale !== 'fr' && locale !== 'en') {
    return err(new TemplateError('unknown_locale', kind, `Unknown locale "${String(locale)}"`));
  }
  const checked = checkVariables(kind, vars);
  if (!checked.ok) return checked;
  const timeZone = options.timeZone ?? SHOP_TIME_ZONE;
  const required: readonly string[] = TEMPLATE_VARIABLES[kind].required;
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(checked.value as CheckedVariables)) {
    const variable = name as VariableName;
    let text = display(variable, value, locale, timeZone);
    if (gsm && options.transliterate !== false) text = transliterateToGsm(text);
    if (text === '') {
      if (!required.includes(variable)) continue;
      return err(
        new TemplateError(
          'invalid_variable',
          kind,
          `Template "${kind}": variable "${variable}" has no character that an SMS can carry`,
          variable,
        ),
      );
    }
    texts[name] = text;
  }
  return ok({ definition, locale, texts: texts as TemplateTexts<K> });
}
