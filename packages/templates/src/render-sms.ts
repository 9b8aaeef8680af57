import {
  countSegments,
  type NotificationKind,
  ok,
  type Result,
  type SegmentCount,
} from '@omega/core';
import type { TemplateDefinition, TemplateTexts } from './definition.ts';
import type { TemplateError } from './errors.ts';
import type { Locale } from './locale.ts';
import { type ShortenStyle, shortenText } from './shorten.ts';
import { prepareTemplate, type RenderOptions } from './texts.ts';
import { type TemplateVariables, VARIABLE_SPECS, type VariableName } from './variables.ts';

/** One variable the SMS length budget shortened: its text before and after. */
export type Truncation = { variable: VariableName; from: string; to: string };

/** A rendered SMS with its encoding and segment count (from core's `countSegments`). */
export type RenderedSms = {
  /** The SMS body, ready to send. */
  text: string;
  /** `GSM-7` by design; `UCS-2` only when transliteration was turned off. */
  encoding: SegmentCount['encoding'];
  /** Billable segments; 1 for every template with realistic variables. */
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** Characters that forced UCS-2 (empty for GSM-7). */
  nonGsmCharacters: string[];
  /**
   * The variables shortened to fit one segment, with their (transliterated) text before and
   * after; empty when nothing was shortened.
   */
  truncated: Truncation[];
};

/**
 * Renders the SMS of template `kind`: GSM-7 by design (the wording avoids ê, ç, œ, curly
 * quotes…; variable text is transliterated), brand first, at most one link and nothing
 * glued to it. When the text would take more than one segment, the template's budget
 * shortens the variable parts step by step — device models, then first names, then staff
 * text — just enough to fit (see `shortenText` for how); the brand, the link, codes,
 * amounts and dates are never cut. If even the budget's floors do not fit (only possible
 * with transliteration off), the longer message is returned with its real segment count.
 *
 * @example
 * const sms = renderSms('status_completed', {
 *   firstName: 'Françoise', device: 'iPhone 13', link: 'https://omega.fr/t/Ab3xK9pQ', ticketId: 't1',
 * });
 * // sms.value.text === "O'MEGA Services : Bonjour Francoise, la réparation de votre iPhone 13 est terminée. …"
 */
export function renderSms<K extends NotificationKind>(
  kind: K,
  vars: TemplateVariables<K>,
  options: RenderOptions = {},
): Result<RenderedSms, TemplateError> {
  return renderSmsWith(kind, vars, options, (definition, locale) => definition.locales[locale].sms);
}

/** Writes an SMS body from display texts: the catalogue's wording or a staff variant's. */
export type SmsWriter<K extends NotificationKind> = (texts: TemplateTexts<K>) => string;

/**
 * {@link renderSms} with another wording (a staff variant): the same checks, GSM-7
 * transliteration and length budget (the template's `shrink` steps), around `pick`'s writer.
 */
export function renderSmsWith<K extends NotificationKind>(
  kind: K,
  vars: unknown,
  options: RenderOptions,
  pick: (definition: TemplateDefinition<K>, locale: Locale) => SmsWriter<K>,
): Result<RenderedSms, TemplateError> {
  const prepared = prepareTemplate(kind, vars, options, true);
  if (!prepared.ok) return prepared;
  const { definition, locale, texts } = prepared.value;
  const write = pick(definition, locale);
  const original = texts as Record<string, string | undefined>;
  const current: Record<string, string | undefined> = { ...original };

  let text = write(current as TemplateTexts<K>);
  let count = countSegments(text);
  for (const [name, floor] of definition.shrink) {
    if (count.segments <= 1) break;
    const full = original[name];
    const style = shortenStyleOf(name);
    if (full === undefined || style === undefined) continue;
    let previous = current[name];
    for (let max = Math.min(full.length, (previous ?? '').length) - 1; max >= floor; max -= 1) {
      const candidate = shortenText(full, max, style);
      if (candidate === previous) continue;
      previous = candidate;
      current[name] = candidate === '' ? undefined : candidate;
      text = write(current as TemplateTexts<K>);
      count = countSegments(text);
      if (count.segments <= 1) break;
    }
  }

  const truncated: Truncation[] = [];
  for (const [name, full] of Object.entries(original)) {
    const now = current[name] ?? '';
    if (full !== undefined && now !== full) {
      truncated.push({ variable: name as VariableName, from: full, to: now });
    }
  }
  return ok({
    text,
    encoding: count.encoding,
    segments: count.segments,
    units: count.units,
    nonGsmCharacters: count.nonGsmCharacters,
    truncated,
  });
}

/** How a variable is shortened, if it may be. */
function shortenStyleOf(name: VariableName): ShortenStyle | undefined {
  const spec = VARIABLE_SPECS[name];
  return spec.type === 'text' ? spec.shorten : undefined;
}
