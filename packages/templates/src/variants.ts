import {
  countSegments,
  err,
  GSM7_SINGLE_SEGMENT_SEPTETS,
  type NotificationKind,
  ok,
  type Result,
} from '@omega/core';
import { BOUND_STATUSES, BOUND_VARIABLES } from './bounds.ts';
import { buttonPayload } from './buttons.ts';
import { TEMPLATES } from './catalog/index.ts';
import {
  buildContentTemplate,
  contentVariableOrder,
  type WhatsAppContentTemplate,
} from './content-template.ts';
import type { TemplateDefinition } from './definition.ts';
import type { TemplateError } from './errors.ts';
import { BRAND, type Locale } from './locale.ts';
import { checkWhatsAppTemplateBody, type MetaRuleViolation } from './meta-rules.ts';
import { type RenderedSms, renderSmsWith } from './render-sms.ts';
import type { RenderedWhatsApp } from './render-whatsapp.ts';
import { prepareTemplate, type RenderOptions } from './texts.ts';
import { transliterateToGsm } from './transliterate.ts';
import { TEMPLATE_VARIABLES, VARIABLE_SPECS, type VariableName } from './variables.ts';

/** The channels whose wording staff may rewrite: the ones the catalogue's strict rules cover. */
export type VariantChannel = 'sms' | 'whatsapp';

/** The channels staff may write a variant for. */
export const VARIANT_CHANNELS: readonly VariantChannel[] = ['sms', 'whatsapp'];

/**
 * A staff-written wording of one template on one channel in one language. Variables are
 * written `{device}`, `{link}`, `{firstName}`… (the template's variable names).
 * SMS: the whole SMS. WhatsApp: the content-template body (used outside and inside the 24 h
 * window once approved).
 */
export type WordingVariant = {
  kind: NotificationKind;
  channel: VariantChannel;
  locale: Locale;
  text: string;
};

/** The longest text the editor accepts (an SMS variant must fit one segment anyway). */
export const VARIANT_TEXT_MAX = 1024;

/**
 * A rule a variant breaks. The SMS rules are the catalogue's own (README "The rules"):
 * `brand_first`, `link_not_last` / `missing_link` / `several_links` / `literal_link` (one
 * link, the ticket's short link, last), `not_gsm7`, `over_one_segment` (at the variables'
 * limits, after the template's length budget), `promotion` (nothing promotional, ever).
 * WhatsApp: the variables a content template may carry and Meta's body rules
 * (`MetaRuleViolation['rule']`), plus `literal_link`, `missing_link` and `promotion`.
 */
export type VariantRule =
  | 'empty'
  | 'too_long'
  | 'malformed_placeholder'
  | 'unknown_variable'
  | 'variable_not_allowed'
  | 'brand_first'
  | 'missing_link'
  | 'several_links'
  | 'link_not_last'
  | 'literal_link'
  | 'not_gsm7'
  | 'over_one_segment'
  | 'promotion'
  | MetaRuleViolation['rule'];

/** One refusal, with the French message the editor shows. */
export type VariantViolation = { rule: VariantRule; message: string };

/** What the editor learns about an accepted variant. */
export type CheckedVariant = WordingVariant & {
  /** The variables the text uses, in order of appearance (repeats kept). */
  variables: VariableName[];
  /** SMS: segments and septets with every variable at its limit (after the length budget). */
  worstCase: { segments: number; units: number } | null;
  /** WhatsApp: the body with `{{1}}`… placeholders and their variables, as submitted to Meta. */
  whatsapp: { body: string; order: VariableName[] } | null;
};

/** A refused variant: every rule it breaks. */
export type VariantRefusal = { code: 'variant_refused'; violations: VariantViolation[] };

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;
const LINK_PLACEHOLDER = '{link}';
const LITERAL_LINK = /https?:\/\/|www\.|\b[a-z0-9-]+\.(?:fr|com|net|org|io|ly)\/\S/i;

/**
 * Promotional wording, French and English: any of it would make the message marketing (an SMS
 * needing prior consent and STOP wording; a WhatsApp template recategorised MARKETING). Whole
 * words, any case, accents optional.
 */
const PROMOTION_WORDS = [
  'promo',
  'promos',
  'promotion',
  'promotions',
  'promotionnel',
  'promotionnelle',
  'code promo',
  'reduction',
  'reductions',
  'soldes',
  'offre speciale',
  'offre exceptionnelle',
  'offre limitee',
  'gratuit',
  'gratuite',
  'gratuits',
  'gratuites',
  'cadeau',
  'cadeaux',
  'bon plan',
  'bons plans',
  'profitez',
  'parrainage',
  'parrainez',
  'concours',
  'black friday',
  'discount',
  'sale',
  'free',
  'gift',
  'deal',
  'deals',
  'coupon',
  'voucher',
];

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The promotional words or percentages in a text, as written. */
function promotionalWords(text: string): string[] {
  const folded = fold(text);
  const found: string[] = [];
  for (const word of PROMOTION_WORDS) {
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${word.replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`,
      'u',
    );
    if (pattern.test(folded)) found.push(word);
  }
  const percent = /-?\d+(?:[.,]\d+)?\s?%/.exec(text);
  if (percent) found.push(percent[0]);
  return found;
}

/** The `{name}` placeholders of a text, in order. */
function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

/** Fills `{name}` placeholders; an absent (optional) value takes the space before it along. */
export function fillPlaceholders(text: string, values: Record<string, string | undefined>): string {
  return text.replace(/( ?)\{([A-Za-z]+)\}/g, (_match, space: string, name: string) => {
    const value = values[name];
    return value === undefined || value === '' ? '' : `${space}${value}`;
  });
}

function list(items: readonly string[]): string {
  return items.map((item) => `« ${item} »`).join(', ');
}

function templateVariables(kind: NotificationKind): {
  required: readonly VariableName[];
  optional: readonly VariableName[];
} {
  return TEMPLATE_VARIABLES[kind] as never;
}

/** Placeholder checks shared by both channels; returns the variables used. */
function checkPlaceholders(
  variant: WordingVariant,
  allowed: readonly VariableName[],
  notAllowedWhy: (name: VariableName) => string,
  violations: VariantViolation[],
): VariableName[] {
  const names = placeholdersOf(variant.text);
  const stray = variant.text.replace(PLACEHOLDER, '');
  if (/[{}]/.test(stray)) {
    violations.push({
      rule: 'malformed_placeholder',
      message:
        'Accolade isolée : une variable s’écrit entre accolades simples, par exemple {device} ; aucune autre accolade n’est permise.',
    });
  }
  const used: VariableName[] = [];
  for (const name of names) {
    if (!(name in VARIABLE_SPECS)) {
      violations.push({
        rule: 'unknown_variable',
        message: `Variable inconnue {${name}} : ce modèle connaît ${allowed.map((v) => `{${v}}`).join(', ')}.`,
      });
      continue;
    }
    const variable = name as VariableName;
    if (!allowed.includes(variable)) {
      violations.push({ rule: 'variable_not_allowed', message: notAllowedWhy(variable) });
      continue;
    }
    used.push(variable);
  }
  return used;
}

/** The link rules both channels share: the ticket's short link, as `{link}`, never a URL. */
function checkLinks(variant: WordingVariant, violations: VariantViolation[]): number {
  if (LITERAL_LINK.test(variant.text.replace(PLACEHOLDER, ''))) {
    violations.push({
      rule: 'literal_link',
      message:
        'Pas d’adresse web écrite en clair : le seul lien permis est celui du dossier, {link} (lien court vers le suivi et les préférences).',
    });
  }
  const links = placeholdersOf(variant.text).filter((name) => name === 'link').length;
  const { required } = templateVariables(variant.kind);
  if (required.includes('link') && links === 0) {
    violations.push({
      rule: 'missing_link',
      message:
        'Le lien {link} manque : il mène au suivi et aux préférences de notification (CNIL : un moyen simple de s’opposer).',
    });
  }
  if (links > 1) {
    violations.push({
      rule: 'several_links',
      message: `Un seul lien par message : {link} apparaît ${links} fois.`,
    });
  }
  return links;
}

function checkPromotion(variant: WordingVariant, violations: VariantViolation[]): void {
  const words = promotionalWords(variant.text);
  if (words.length > 0) {
    violations.push({
      rule: 'promotion',
      message: `Rien de promotionnel dans ces messages (ils deviendraient de la prospection) : retirez ${list(words)}.`,
    });
  }
}

/** The characters of the fixed text that GSM-7 lacks, with what to write instead. */
function checkGsm(variant: WordingVariant, violations: VariantViolation[]): boolean {
  const fixed = variant.text.replace(PLACEHOLDER, '');
  const { nonGsmCharacters } = countSegments(fixed);
  if (nonGsmCharacters.length === 0) return true;
  const unique = [...new Set(nonGsmCharacters)];
  const hints = unique.map((char) => {
    const instead = transliterateToGsm(char);
    return instead === '' ? `« ${char} » (à retirer)` : `« ${char} » (écrire « ${instead} »)`;
  });
  violations.push({
    rule: 'not_gsm7',
    message: `Caractères absents de l’alphabet SMS (GSM-7), qui passeraient le SMS en Unicode à 70 caractères : ${hints.join(', ')}.`,
  });
  return false;
}

/** Segments and septets of an SMS variant with every variable at its limit (worst status). */
function worstCaseSms(variant: WordingVariant): { segments: number; units: number } {
  const kind = variant.kind;
  const usesStatus = placeholdersOf(variant.text).includes('status');
  let worst = { segments: 0, units: 0 };
  for (const status of usesStatus ? BOUND_STATUSES : BOUND_STATUSES.slice(0, 1)) {
    const rendered = renderSmsWith(
      kind,
      { ...BOUND_VARIABLES, status },
      { locale: variant.locale },
      () => (texts) => fillPlaceholders(variant.text, texts as Record<string, string>),
    );
    if (!rendered.ok) throw rendered.error; // the bounds are valid values: a bug
    const { segments, units } = rendered.value;
    if (segments > worst.segments || (segments === worst.segments && units > worst.units)) {
      worst = { segments, units };
    }
  }
  return worst;
}

function checkSms(variant: WordingVariant, violations: VariantViolation[]): CheckedVariant {
  const { required, optional } = templateVariables(variant.kind);
  const allowed = [...required, ...optional].filter((name) => name !== 'ticketId');
  const used = checkPlaceholders(
    variant,
    allowed,
    (name) =>
      name === 'ticketId'
        ? '{ticketId} est l’identifiant interne du dossier : il ne s’affiche pas dans un SMS.'
        : `Ce modèle n’a pas la variable {${name}} : utilisez ${allowed.map((v) => `{${v}}`).join(', ')}.`,
    violations,
  );
  if (!variant.text.startsWith(BRAND)) {
    violations.push({
      rule: 'brand_first',
      message: `Le SMS doit commencer par le nom de la boutique, « ${BRAND} » (l’expéditeur alphanumérique ne suffit pas à l’identifier partout).`,
    });
  }
  const links = checkLinks(variant, violations);
  if (links >= 1 && !variant.text.trimEnd().endsWith(LINK_PLACEHOLDER)) {
    violations.push({
      rule: 'link_not_last',
      message:
        'Le lien {link} doit terminer le SMS : un signe collé après (un point…) casse le lien sur certains téléphones.',
    });
  }
  checkPromotion(variant, violations);
  const gsm = checkGsm(variant, violations);
  let worstCase: CheckedVariant['worstCase'] = null;
  const placeholdersValid = !violations.some((v) =>
    ['unknown_variable', 'variable_not_allowed', 'malformed_placeholder'].includes(v.rule),
  );
  if (gsm && placeholdersValid) {
    worstCase = worstCaseSms(variant);
    if (worstCase.segments > 1) {
      const over = worstCase.units - GSM7_SINGLE_SEGMENT_SEPTETS;
      violations.push({
        rule: 'over_one_segment',
        message: `Avec les variables à leur longueur maximale (après raccourcissement du nom et de l’appareil), le SMS fait ${worstCase.segments} segments (${worstCase.units}/${GSM7_SINGLE_SEGMENT_SEPTETS} caractères) : retirez au moins ${over} caractère${over > 1 ? 's' : ''}.`,
      });
    }
  }
  return { ...variant, variables: used, worstCase, whatsapp: null };
}

/** Meta's rule, in the editor's words. */
const META_MESSAGES: Record<MetaRuleViolation['rule'], string> = {
  starts_with_variable:
    'Le texte ne peut pas commencer par une variable (règle de Meta) : commencez par des mots.',
  ends_with_variable:
    'Le texte ne peut pas finir par une variable (règle de Meta) : ajoutez une phrase après la dernière.',
  adjacent_variables:
    'Deux variables se suivent sans mot entre elles (règle de Meta) : séparez-les par au moins un mot.',
  variables_not_sequential: 'Les variables doivent être numérotées dans l’ordre (règle de Meta).',
  malformed_placeholder:
    'Accolade isolée : une variable s’écrit entre accolades simples, par exemple {device}.',
  body_too_long: 'Le texte dépasse 1 024 caractères, la limite de WhatsApp.',
  empty_body: 'Le texte est vide.',
};

/** The body with `{{n}}` placeholders (in order of appearance) and what each stands for. */
function numbered(text: string): { body: string; order: VariableName[] } {
  const order: VariableName[] = [];
  const body = text.replace(PLACEHOLDER, (_match, name: string) => {
    order.push(name as VariableName);
    return `{{${order.length}}}`;
  });
  return { body, order };
}

function checkWhatsApp(variant: WordingVariant, violations: VariantViolation[]): CheckedVariant {
  const { required } = templateVariables(variant.kind);
  const allowed = required.filter((name) => name !== 'ticketId');
  const used = checkPlaceholders(
    variant,
    allowed,
    (name) => {
      if (name === 'firstName')
        return 'Pas de {firstName} dans un modèle WhatsApp : le prénom est facultatif et WhatsApp refuse une variable vide.';
      if (name === 'ticketId')
        return '{ticketId} ne s’affiche pas : il n’est porté que par les boutons de réponse rapide.';
      return `Ce modèle n’a pas la variable {${name}} : utilisez ${allowed.map((v) => `{${v}}`).join(', ')}.`;
    },
    violations,
  );
  checkLinks(variant, violations);
  checkPromotion(variant, violations);
  const whatsapp = numbered(variant.text);
  for (const violation of checkWhatsAppTemplateBody(whatsapp.body)) {
    if (
      violation.rule === 'malformed_placeholder' &&
      violations.some((v) => v.rule === violation.rule)
    )
      continue;
    violations.push({ rule: violation.rule, message: META_MESSAGES[violation.rule] });
  }
  return { ...variant, variables: used, worstCase: null, whatsapp };
}

/**
 * Checks a staff-written wording against the rules the catalogue's own wording obeys, and
 * returns every rule it breaks with a message for the editor (French). The catalogue passes
 * this check itself ({@link catalogueWording} gives its wording in the same notation).
 *
 * @example
 * checkVariant({ kind: 'status_completed', channel: 'sms', locale: 'fr',
 *   text: "O'MEGA Services : votre {device} est réparé, passez quand vous voulez. {link}" }).ok // true
 * @example
 * checkVariant({ kind: 'status_completed', channel: 'sms', locale: 'fr',
 *   text: 'Votre {device} est prêt ! -20 % sur les coques : {link}' })
 * // violations: brand_first, promotion, not_gsm7
 */
export function checkVariant(variant: WordingVariant): Result<CheckedVariant, VariantRefusal> {
  const violations: VariantViolation[] = [];
  if (!(variant.kind in TEMPLATES)) throw new RangeError(`Unknown template "${variant.kind}"`);
  if (variant.text.trim() === '') {
    return err({
      code: 'variant_refused',
      violations: [{ rule: 'empty', message: 'Le texte est vide.' }],
    });
  }
  if (variant.text.length > VARIANT_TEXT_MAX) {
    return err({
      code: 'variant_refused',
      violations: [
        {
          rule: 'too_long',
          message: `Le texte fait ${variant.text.length} caractères, plus que les ${VARIANT_TEXT_MAX} acceptés.`,
        },
      ],
    });
  }
  const checked =
    variant.channel === 'sms' ? checkSms(variant, violations) : checkWhatsApp(variant, violations);
  return violations.length > 0 ? err({ code: 'variant_refused', violations }) : ok(checked);
}

/**
 * The catalogue's wording of `kind` in the editor's notation (`{device}`, `{link}`…): the SMS
 * as the catalogue writes it (with the first name), or the WhatsApp content-template body with
 * its numbered placeholders named. The editor starts from it.
 *
 * @example catalogueWording('status_in_repair', 'sms', 'fr')
 * // "O'MEGA Services : Bonjour {firstName}, la réparation de votre {device} est en cours. Suivi : {link}"
 */
export function catalogueWording(
  kind: NotificationKind,
  channel: VariantChannel,
  locale: Locale,
): string {
  const definition = TEMPLATES[kind] as TemplateDefinition<NotificationKind>;
  const wording = definition.locales[locale];
  if (channel === 'whatsapp') {
    const order = contentVariableOrder(kind);
    return wording.whatsappBody.replace(
      /\{\{(\d+)\}\}/g,
      (_m, n: string) => `{${order[Number(n) - 1]}}`,
    );
  }
  const { required, optional } = templateVariables(kind);
  const names = Object.fromEntries([...required, ...optional].map((name) => [name, `{${name}}`]));
  return (wording.sms as (texts: Record<string, string>) => string)(names);
}

/**
 * Renders an accepted SMS variant with real variables: the same checks, transliteration and
 * length budget as the catalogue's SMS ({@link renderSmsWith}).
 */
export function renderSmsVariant(
  kind: NotificationKind,
  vars: unknown,
  text: string,
  options: RenderOptions = {},
): Result<RenderedSms, TemplateError> {
  return renderSmsWith(
    kind,
    vars,
    options,
    () => (texts) => fillPlaceholders(text, texts as Record<string, string>),
  );
}

/**
 * Renders an accepted (and approved) WhatsApp variant: the content-template send under
 * `friendlyName` with its own variable order and the catalogue's buttons, and, for inside the
 * 24 h window, the same body filled in and signed.
 */
export function renderWhatsAppVariant(
  kind: NotificationKind,
  vars: unknown,
  variant: { text: string; friendlyName: string },
  options: RenderOptions = {},
): Result<RenderedWhatsApp, TemplateError> {
  const prepared = prepareTemplate(kind, vars, options, false);
  if (!prepared.ok) return prepared;
  const values = prepared.value.texts as Record<string, string | undefined>;
  const { order } = numbered(variant.text);
  const contentVariables: Record<string, string> = {};
  order.forEach((variable, index) => {
    contentVariables[String(index + 1)] = (values[variable] ?? '')
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/ {4,}/g, '   ');
  });
  const definition = TEMPLATES[kind] as TemplateDefinition<NotificationKind>;
  const ticketId = values.ticketId;
  if (definition.buttons.length > 0 && ticketId)
    contentVariables[String(order.length + 1)] = ticketId;
  // The maps button's coordinates come last, as in the catalogue's template.
  if (definition.mapsButton) {
    contentVariables[String(Object.keys(contentVariables).length + 1)] =
      values.shopCoordinates ?? '';
  }
  const body = fillPlaceholders(variant.text, values);
  return ok({
    text: `${body}\n\n_${BRAND}_`,
    template: {
      friendlyName: variant.friendlyName,
      contentVariables,
      body,
      buttonPayloads:
        ticketId === undefined
          ? []
          : definition.buttons.map((action) => buttonPayload(ticketId, action)),
    },
  });
}

/** The content-template name of a WhatsApp variant's version: `omega_<kind>_<locale>_var<n>`. */
export function variantTemplateName(
  kind: NotificationKind,
  locale: Locale,
  version: number,
): string {
  return `omega_${kind}_${locale}_var${version}`;
}

/**
 * The Content API create and approval requests of an accepted WhatsApp variant's version:
 * its body with `{{n}}` placeholders, the catalogue's buttons, category `utility`.
 */
export function variantContentTemplate(
  checked: CheckedVariant,
  version: number,
): WhatsAppContentTemplate {
  if (checked.channel !== 'whatsapp' || checked.whatsapp === null) {
    throw new RangeError('Only a checked WhatsApp variant has a content template');
  }
  const order: VariableName[] = [...checked.whatsapp.order];
  const definition = TEMPLATES[checked.kind] as TemplateDefinition<NotificationKind>;
  if (definition.buttons.length > 0) order.push('ticketId');
  if (definition.mapsButton) order.push('shopCoordinates');
  return buildContentTemplate(
    checked.kind,
    checked.locale,
    checked.whatsapp.body,
    order,
    variantTemplateName(checked.kind, checked.locale, version),
  );
}
