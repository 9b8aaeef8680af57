import type { NotificationKind } from '@omega/core';
import {
  MAPS_BUTTON_TITLES,
  MAPS_BUTTON_URL_PREFIX,
  QUICK_REPLY_TITLES,
  type QuickReplyAction,
} from './buttons.ts';
import { TEMPLATES } from './catalog/index.ts';
import type { TemplateDefinition } from './definition.ts';
import { LOCALES, type Locale } from './locale.ts';
import { sampleVariables } from './samples.ts';
import { prepareTemplate } from './texts.ts';
import type { VariableName } from './variables.ts';

/** Bumped when a content-template wording changes: approved templates are not edited in place. */
export const CONTENT_TEMPLATE_VERSION = 1;

/** The body of a Twilio Content API `POST /v1/Content` request for one template. */
export type ContentApiCreateRequest = {
  friendly_name: string;
  language: Locale;
  variables: Record<string, string>;
  types:
    | { 'twilio/text': { body: string } }
    | { 'twilio/quick-reply': { body: string; actions: Array<{ title: string; id: string }> } }
    | { 'twilio/call-to-action': { body: string; actions: Array<MapsButtonAction> } }
    | {
        'twilio/card': {
          title: string;
          actions: Array<{ type: 'QUICK_REPLY'; title: string; id: string } | MapsButtonAction>;
        };
      };
};

/** The URL button opening the shop on Google Maps at its coordinates (a `{{n}}` ends the URL). */
export type MapsButtonAction = { type: 'URL'; title: string; url: string };

/**
 * A WhatsApp content template (for sends outside the 24 h window), ready to create with the
 * Content API and submit for approval.
 */
export type WhatsAppContentTemplate = {
  kind: NotificationKind;
  language: Locale;
  /** `omega_<kind>_<locale>_v<version>`: lowercase, digits and underscores, as Meta requires. */
  friendlyName: string;
  /** Always `utility`: transactional messages about the customer's own repair, nothing promotional. */
  category: 'utility';
  /** The body with `{{1}}`… placeholders. */
  body: string;
  /** What each placeholder stands for, with the sample value submitted for approval. */
  variables: Array<{ placeholder: string; variable: VariableName; sample: string }>;
  /** Quick-reply buttons; each id carries the ticket id: `ticket:{{n}}:<action>`. */
  buttons: Array<{ action: QuickReplyAction; title: string; id: string }>;
  /** The maps button (kinds with `mapsButton`): its title and URL ending with `{{n}}`, else null. */
  mapsButton: MapsButtonAction | null;
  /** The Content API create request. */
  contentApiRequest: ContentApiCreateRequest;
  /** The body of `POST /v1/Content/{Sid}/ApprovalRequests/whatsapp`. */
  approvalRequest: { name: string; category: 'UTILITY' };
};

/**
 * The placeholder numbers of a template: body variables first, then the ticket id if it has
 * buttons, then the shop's coordinates if it has the maps button.
 */
export function contentVariableOrder(kind: NotificationKind): VariableName[] {
  const definition = TEMPLATES[kind] as TemplateDefinition<NotificationKind>;
  const order: VariableName[] = [...definition.whatsappVariables];
  if (definition.buttons.length > 0) order.push('ticketId');
  if (definition.mapsButton) order.push('shopCoordinates');
  return order;
}

/** The Meta-safe template name of `kind` in `locale`. */
export function contentTemplateName(kind: NotificationKind, locale: Locale): string {
  return `omega_${kind}_${locale}_v${CONTENT_TEMPLATE_VERSION}`;
}

/**
 * The WhatsApp content-template definition of `kind` in `locale`: name, `utility`
 * category, body with numbered variables, the variable mapping with sample values, the
 * quick-reply buttons whose payloads carry the ticket id, and the Content API requests.
 *
 * @example
 * const t = whatsappContentTemplate('status_completed', 'fr');
 * t.friendlyName; // 'omega_status_completed_fr_v1'
 * t.buttons[0]; // { action: 'coming_today', title: "Je passe aujourd'hui", id: 'ticket:{{3}}:coming_today' }
 */
export function whatsappContentTemplate(
  kind: NotificationKind,
  locale: Locale,
): WhatsAppContentTemplate {
  const definition = TEMPLATES[kind] as TemplateDefinition<NotificationKind>;
  return buildContentTemplate(
    kind,
    locale,
    definition.locales[locale].whatsappBody,
    contentVariableOrder(kind),
    contentTemplateName(kind, locale),
  );
}

/**
 * A content template of `kind` from a body and its placeholder order (body variables, then the
 * ticket id when the kind has buttons): the catalogue's, or a staff variant's. The buttons are
 * always the catalogue's.
 */
export function buildContentTemplate(
  kind: NotificationKind,
  locale: Locale,
  body: string,
  order: readonly VariableName[],
  friendlyName: string,
): WhatsAppContentTemplate {
  const definition = TEMPLATES[kind] as TemplateDefinition<NotificationKind>;
  const prepared = prepareTemplate(kind, sampleVariables(kind, locale), { locale }, false);
  if (!prepared.ok) throw prepared.error; // the samples are ours: failing here is a bug
  const samples = prepared.value.texts as Record<string, string>;
  const variables = order.map((variable, index) => ({
    placeholder: String(index + 1),
    variable,
    sample: samples[variable] as string,
  }));
  const ticketPlaceholder = order.indexOf('ticketId') + 1;
  const buttons = definition.buttons.map((action) => ({
    action,
    title: QUICK_REPLY_TITLES[locale][action],
    id: `ticket:{{${ticketPlaceholder}}}:${action}`,
  }));
  const mapsButton: MapsButtonAction | null = definition.mapsButton
    ? {
        type: 'URL',
        title: MAPS_BUTTON_TITLES[locale],
        url: `${MAPS_BUTTON_URL_PREFIX}{{${order.indexOf('shopCoordinates') + 1}}}`,
      }
    : null;
  const sampleMap = Object.fromEntries(variables.map((v) => [v.placeholder, v.sample]));
  return {
    kind,
    language: locale,
    friendlyName,
    category: 'utility',
    body,
    variables,
    buttons,
    mapsButton,
    contentApiRequest: {
      friendly_name: friendlyName,
      language: locale,
      variables: sampleMap,
      types: contentTypes(body, buttons, mapsButton),
    },
    approvalRequest: { name: friendlyName, category: 'UTILITY' },
  };
}

/**
 * The content type of a template: text; quick replies; with the maps button a
 * `twilio/call-to-action` (no quick replies: that type only takes URL, phone and copy-code
 * buttons), or a `twilio/card` holding the quick replies and the URL button together (Meta
 * allows quick-reply and URL buttons on one template; Twilio's card is the type that carries both).
 */
function contentTypes(
  body: string,
  buttons: WhatsAppContentTemplate['buttons'],
  mapsButton: MapsButtonAction | null,
): ContentApiCreateRequest['types'] {
  const quickReplies = buttons.map(({ title, id }) => ({ title, id }));
  if (mapsButton && quickReplies.length > 0) {
    return {
      'twilio/card': {
        title: body,
        actions: [...quickReplies.map((q) => ({ type: 'QUICK_REPLY' as const, ...q })), mapsButton],
      },
    };
  }
  if (mapsButton) return { 'twilio/call-to-action': { body, actions: [mapsButton] } };
  if (quickReplies.length > 0) return { 'twilio/quick-reply': { body, actions: quickReplies } };
  return { 'twilio/text': { body } };
}

/**
 * The shop's location pin for inside the 24 h window (`twilio/location`: WhatsApp cannot
 * approve a location template, so it is only sent in session). Its coordinates take no
 * variables: the friendly name carries a hash of what it shows, so a moved shop or a new label
 * is a new content (`templates:sync` creates it from the settings).
 */
export interface ShopLocationContent {
  friendlyName: string;
  contentApiRequest: {
    friendly_name: string;
    language: Locale;
    variables: Record<string, string>;
    types: {
      'twilio/location': { latitude: number; longitude: number; label: string; address: string };
    };
  };
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable short name for what a location shows. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The `twilio/location` content of the shop: `omega_shop_location_<hash>`.
 *
 * @example shopLocationContent({ latitude: 48.8651, longitude: 2.3692, label: "O'MEGA Services", address: '12 rue…' }).friendlyName
 * // 'omega_shop_location_…' (8 hex digits)
 */
export function shopLocationContent(location: {
  latitude: number;
  longitude: number;
  label: string;
  address: string;
}): ShopLocationContent {
  const { latitude, longitude, label, address } = location;
  const friendlyName = `omega_shop_location_${fnv1a(JSON.stringify([latitude, longitude, label, address]))}`;
  return {
    friendlyName,
    contentApiRequest: {
      friendly_name: friendlyName,
      language: 'fr',
      variables: {},
      types: { 'twilio/location': { latitude, longitude, label, address } },
    },
  };
}

/** Every content template: each kind in each locale (48 definitions). */
export function allWhatsAppContentTemplates(): WhatsAppContentTemplate[] {
  return (Object.keys(TEMPLATES) as NotificationKind[]).flatMap((kind) =>
    LOCALES.map((locale) => whatsappContentTemplate(kind, locale)),
  );
}
