import type { NotificationKind } from '@omega/core';
import { QUICK_REPLY_TITLES, type QuickReplyAction } from './buttons.ts';
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
    | { 'twilio/quick-reply': { body: string; actions: Array<{ title: string; id: string }> } };
};

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
  /** The Content API create request. */
  contentApiRequest: ContentApiCreateRequest;
  /** The body of `POST /v1/Content/{Sid}/ApprovalRequests/whatsapp`. */
  approvalRequest: { name: string; category: 'UTILITY' };
};

/** The placeholder numbers of a template: body variables first, then the ticket id if it has buttons. */
export function contentVariableOrder(kind: NotificationKind): VariableName[] {
  const definition = TEMPLATES[kind] as TemplateDefinition<NotificationKind>;
  const order: VariableName[] = [...definition.whatsappVariables];
  if (definition.buttons.length > 0) order.push('ticketId');
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
  const ticketPlaceholder = order.length;
  const buttons = definition.buttons.map((action) => ({
    action,
    title: QUICK_REPLY_TITLES[locale][action],
    id: `ticket:{{${ticketPlaceholder}}}:${action}`,
  }));
  const sampleMap = Object.fromEntries(variables.map((v) => [v.placeholder, v.sample]));
  return {
    kind,
    language: locale,
    friendlyName,
    category: 'utility',
    body,
    variables,
    buttons,
    contentApiRequest: {
      friendly_name: friendlyName,
      language: locale,
      variables: sampleMap,
      types:
        buttons.length > 0
          ? {
              'twilio/quick-reply': {
                body,
                actions: buttons.map(({ title, id }) => ({ title, id })),
              },
            }
          : { 'twilio/text': { body } },
    },
    approvalRequest: { name: friendlyName, category: 'UTILITY' },
  };
}

/** Every content template: each kind in each locale (48 definitions). */
export function allWhatsAppContentTemplates(): WhatsAppContentTemplate[] {
  return (Object.keys(TEMPLATES) as NotificationKind[]).flatMap((kind) =>
    LOCALES.map((locale) => whatsappContentTemplate(kind, locale)),
  );
}
