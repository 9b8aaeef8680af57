import {
  ACTION_REPLY_KEYS,
  type ActionReplyKey,
  err,
  type NotificationKind,
  ok,
  type Result,
  TICKET_STATUSES,
  type TicketStatus,
} from '@omega/core';
import { TemplateError } from './errors.ts';
import { parseShortLink } from './links.ts';
import type { ShortenStyle } from './shorten.ts';

/** The type of every variable a template can use. One vocabulary for all templates. */
export interface VariableTypes {
  /** The customer's first name as typed at the counter ("Marie-Hélène"); optional everywhere. */
  firstName: string;
  /** The device model ("iPhone 15 Pro Max 256 Go"). */
  device: string;
  /** The ticket's human tracking code, 3–16 letters, digits and dashes ("OM-2411-0042"). */
  trackingCode: string;
  /** The ticket's document id, carried in WhatsApp button payloads (letters, digits, `_`, `-`). */
  ticketId: string;
  /** The ticket's short link `https://<domain>/t/<id>` (see `shortLink`). */
  link: string;
  /** The shop's opening hours as shown to customers ("lun-sam 9h30-19h"), at most 30 characters. */
  shopHours: string;
  /** The shop's address on one line, at most 50 characters. */
  shopAddress: string;
  /** The shop's phone number as shown to customers, at most 20 characters. */
  shopPhone: string;
  /** An amount in euros (quote, balance due), 0 to 99,999.99. */
  amountEur: number;
  /** An appointment's date and time (formatted in the options' time zone). */
  appointmentAt: Date;
  /** Days a repaired device has been waiting for pickup, 1–999. */
  daysWaiting: number;
  /** Days the shop keeps an unclaimed device before the storage policy applies, 1–999. */
  storageDays: number;
  /** Free text written by staff for an urgent message, at most 1,000 characters. */
  staffMessage: string;
  /** A ticket status, shown as words in the status auto-reply. */
  status: TicketStatus;
  /** The shop's public review page (Google…), an https URL of at most 100 characters (settings). */
  reviewUrl: string;
  /** What the confirmation of a customer action says (core's `ActionReplyKey`), shown as a sentence. */
  actionReply: ActionReplyKey;
  /** The shop's maps page (core's `shopMapsUrl`): https, at most 70 characters ({@link MAPS_URL_PATTERN}). */
  mapsUrl: string;
  /** The shop's coordinates as `lat,lon` (core's `shopCoordinates`): the WhatsApp maps button's URL end. */
  shopCoordinates: string;
}

/** The name of a template variable. */
export type VariableName = keyof VariableTypes;

/**
 * The shop's review link as the settings accept it and the templates print it: https, a host,
 * at most 100 characters, GSM-7 URL characters only (no space, no braces).
 */
export const REVIEW_URL_PATTERN =
  /^(?=.{12,100}$)https:\/\/[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d{1,5})?(?:[/?#][A-Za-z0-9._~:/?#@!$&'()*+,;=%-]*)?$/;

/**
 * The shop's maps link as the settings accept it and the templates print it: {@link
 * REVIEW_URL_PATTERN}'s rules at 70 characters at most, so the ADRESSE SMS still fits one segment
 * with the longest address. Google Maps' derived search URL is at most 70 characters.
 */
export const MAPS_URL_PATTERN =
  /^(?=.{12,70}$)https:\/\/[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d{1,5})?(?:[/?#][A-Za-z0-9._~:/?#@!$&'()*+,;=%-]*)?$/;

/** How one variable is checked and, on SMS, shortened. */
export type VariableSpec =
  | { type: 'text'; maxLength: number; shorten?: ShortenStyle }
  | { type: 'pattern'; pattern: RegExp; description: string }
  | { type: 'link' }
  | { type: 'amount' }
  | { type: 'date' }
  | { type: 'count' }
  | { type: 'status' }
  | { type: 'actionReply' };

/**
 * The rules for every variable. Bounded texts (shop hours, address, phone) have maximum
 * lengths chosen so that every SMS template still fits one segment at those lengths; names,
 * devices and staff messages are shortened by the SMS length budget instead.
 */
export const VARIABLE_SPECS: Readonly<Record<VariableName, VariableSpec>> = {
  firstName: { type: 'text', maxLength: 100, shorten: 'name' },
  device: { type: 'text', maxLength: 100, shorten: 'words' },
  trackingCode: {
    type: 'pattern',
    pattern: /^[A-Za-z0-9][A-Za-z0-9-]{2,15}$/,
    description: '3 to 16 letters, digits or dashes',
  },
  ticketId: {
    type: 'pattern',
    pattern: /^[A-Za-z0-9_-]{1,64}$/,
    description: '1 to 64 letters, digits, "_" or "-"',
  },
  link: { type: 'link' },
  shopHours: { type: 'text', maxLength: 30 },
  shopAddress: { type: 'text', maxLength: 50 },
  shopPhone: { type: 'text', maxLength: 20 },
  amountEur: { type: 'amount' },
  appointmentAt: { type: 'date' },
  daysWaiting: { type: 'count' },
  storageDays: { type: 'count' },
  staffMessage: { type: 'text', maxLength: 1000, shorten: 'sentence' },
  status: { type: 'status' },
  reviewUrl: {
    type: 'pattern',
    pattern: REVIEW_URL_PATTERN,
    description: 'an https URL of at most 100 characters, without spaces',
  },
  actionReply: { type: 'actionReply' },
  mapsUrl: {
    type: 'pattern',
    pattern: MAPS_URL_PATTERN,
    description: 'an https URL of at most 70 characters, without spaces',
  },
  shopCoordinates: {
    type: 'pattern',
    pattern: /^-?\d{1,2}(?:\.\d{1,6})?,-?\d{1,3}(?:\.\d{1,6})?$/,
    description: 'latitude,longitude in decimal degrees',
  },
};

/** Which variables a template needs (`required`) and which it can do without (`optional`). */
export type TemplateVariableSpec = {
  readonly required: readonly VariableName[];
  readonly optional: readonly VariableName[];
};

/**
 * The variables of every template, keyed by template id (core's `NotificationKind`). The
 * compile-time type {@link TemplateVariables} and the runtime check both come from this table.
 */
export const TEMPLATE_VARIABLES = {
  walk_in_welcome: { required: ['device', 'trackingCode', 'link'], optional: ['firstName'] },
  ticket_received: { required: ['device', 'trackingCode', 'link'], optional: ['firstName'] },
  status_diagnosing: { required: ['device', 'link'], optional: ['firstName'] },
  status_waiting_for_parts: { required: ['device', 'link'], optional: ['firstName'] },
  status_in_repair: { required: ['device', 'link'], optional: ['firstName'] },
  status_quote_pending: {
    required: ['device', 'amountEur', 'link', 'ticketId'],
    optional: ['firstName'],
  },
  status_completed: {
    required: ['device', 'link', 'ticketId', 'shopCoordinates'],
    optional: ['firstName', 'mapsUrl'],
  },
  status_picked_up: { required: ['device', 'link'], optional: ['firstName'] },
  status_cancelled: { required: ['device', 'link'], optional: ['firstName'] },
  appointment_changed: { required: ['appointmentAt', 'link', 'ticketId'], optional: ['firstName'] },
  pickup_reminder_1: {
    required: ['device', 'shopHours', 'link', 'ticketId'],
    optional: ['firstName'],
  },
  pickup_reminder_2: {
    required: ['device', 'daysWaiting', 'shopHours', 'link', 'ticketId'],
    optional: ['firstName'],
  },
  pickup_reminder_final: {
    required: ['device', 'storageDays', 'link', 'ticketId'],
    optional: ['firstName'],
  },
  quote_reminder_1: {
    required: ['device', 'amountEur', 'link', 'ticketId'],
    optional: ['firstName'],
  },
  quote_reminder_2: {
    required: ['device', 'amountEur', 'link', 'ticketId'],
    optional: ['firstName'],
  },
  payment_reminder: {
    required: ['device', 'amountEur', 'link', 'ticketId'],
    optional: ['firstName'],
  },
  staff_urgent: { required: ['staffMessage'], optional: ['link'] },
  reply_help: { required: ['shopPhone'], optional: ['link'] },
  reply_status: { required: ['device', 'status'], optional: ['link'] },
  reply_hours: { required: ['shopHours'], optional: ['shopPhone'] },
  reply_address: {
    required: ['shopAddress', 'shopHours', 'shopCoordinates'],
    optional: ['mapsUrl'],
  },
  reply_opt_out: { required: [], optional: ['link'] },
  reply_opt_in: { required: [], optional: [] },
  reply_escalation_ack: { required: [], optional: ['shopHours'] },
  reply_satisfaction: { required: [], optional: ['reviewUrl'] },
  reply_action: { required: ['actionReply'], optional: ['link'] },
  satisfaction_survey: { required: ['device', 'link', 'ticketId'], optional: ['firstName'] },
} as const satisfies Record<NotificationKind, TemplateVariableSpec>;

type Specs = typeof TEMPLATE_VARIABLES;

/** Flattens an intersection so editors show one object type. */
type Simplify<T> = { [P in keyof T]: T[P] } & {};

/**
 * The variables template `K` takes: its required variables as required properties, its
 * optional ones as optional properties. Forgetting a required variable is a type error.
 *
 * @example
 * const vars: TemplateVariables<'status_completed'> = {
 *   firstName: 'Zoé', device: 'iPhone 13', link: 'https://omega.fr/t/Ab3xK9pQ', ticketId: 't1',
 * };
 */
export type TemplateVariables<K extends NotificationKind> = Simplify<
  { [P in Specs[K]['required'][number]]: VariableTypes[P] } & {
    [P in Specs[K]['optional'][number]]?: VariableTypes[P] | undefined;
  }
>;

/** Variables after checking: texts trimmed with whitespace collapsed, amounts rounded to cents. */
export type CheckedVariables = Partial<VariableTypes>;

const MAX_AMOUNT_EUR = 99_999.99;
const MAX_COUNT = 999;

function invalid(kind: string, name: VariableName, why: string): Result<never, TemplateError> {
  return err(
    new TemplateError(
      'invalid_variable',
      kind,
      `Template "${kind}": variable "${name}" ${why}`,
      name,
    ),
  );
}

/** Checks one present value against its spec; returns the normalised value. */
function checkValue(
  kind: string,
  name: VariableName,
  value: unknown,
): Result<VariableTypes[VariableName] | null, TemplateError> {
  const spec = VARIABLE_SPECS[name];
  switch (spec.type) {
    case 'text': {
      if (typeof value !== 'string') return invalid(kind, name, 'must be a string');
      const text = value.replace(/\s+/g, ' ').trim();
      if (text === '') return ok(null);
      if (text.length > spec.maxLength) {
        return invalid(kind, name, `is longer than ${spec.maxLength} characters`);
      }
      return ok(text);
    }
    case 'pattern': {
      if (typeof value !== 'string') return invalid(kind, name, 'must be a string');
      const text = value.trim();
      if (text === '') return ok(null);
      if (!spec.pattern.test(text)) return invalid(kind, name, `must be ${spec.description}`);
      return ok(text);
    }
    case 'link': {
      if (typeof value !== 'string') return invalid(kind, name, 'must be a string');
      const text = value.trim();
      if (text === '') return ok(null);
      const parsed = parseShortLink(text);
      if (!parsed.ok) return invalid(kind, name, `must be a short link: ${parsed.error.message}`);
      return ok(text);
    }
    case 'amount': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return invalid(kind, name, 'must be a finite number');
      }
      if (value < 0 || value > MAX_AMOUNT_EUR) {
        return invalid(kind, name, `must be between 0 and ${MAX_AMOUNT_EUR}`);
      }
      return ok(Math.round(value * 100) / 100);
    }
    case 'date': {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        return invalid(kind, name, 'must be a valid Date');
      }
      return ok(value);
    }
    case 'count': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_COUNT) {
        return invalid(kind, name, `must be an integer from 1 to ${MAX_COUNT}`);
      }
      return ok(value);
    }
    case 'status': {
      if (typeof value !== 'string' || !(TICKET_STATUSES as readonly string[]).includes(value)) {
        return invalid(kind, name, `must be one of ${TICKET_STATUSES.join(', ')}`);
      }
      return ok(value as TicketStatus);
    }
    case 'actionReply': {
      if (typeof value !== 'string' || !(ACTION_REPLY_KEYS as readonly string[]).includes(value)) {
        return invalid(kind, name, `must be one of ${ACTION_REPLY_KEYS.join(', ')}`);
      }
      return ok(value as ActionReplyKey);
    }
  }
}

/**
 * Checks the variables of template `kind` at runtime (for callers whose data did not go
 * through the type checker: Firestore documents, the dashboard's form). A required variable
 * that is absent, `null`, `undefined` or blank fails with `missing_variable` naming it; a
 * malformed one fails with `invalid_variable`. Unknown extra properties are ignored. On
 * success returns the normalised values (texts trimmed, inner whitespace collapsed to single
 * spaces, blank optional texts dropped, amounts rounded to cents).
 *
 * @example checkVariables('status_in_repair', { link: 'https://omega.fr/t/Ab3xK9pQ' })
 * // { ok: false, error: TemplateError { code: 'missing_variable', variable: 'device' } }
 */
export function checkVariables(
  kind: NotificationKind,
  vars: unknown,
): Result<CheckedVariables, TemplateError> {
  const spec: TemplateVariableSpec | undefined = (
    TEMPLATE_VARIABLES as Record<string, TemplateVariableSpec>
  )[kind];
  if (spec === undefined) {
    return err(new TemplateError('unknown_template', kind, `Unknown template "${kind}"`));
  }
  const source = (typeof vars === 'object' && vars !== null ? vars : {}) as Record<string, unknown>;
  const checked: Record<string, unknown> = {};
  for (const name of [...spec.required, ...spec.optional]) {
    const required = spec.required.includes(name);
    const raw = source[name];
    const value = raw === undefined || raw === null ? ok(null) : checkValue(kind, name, raw);
    if (!value.ok) return value;
    if (value.value === null) {
      if (required) {
        return err(
          new TemplateError(
            'missing_variable',
            kind,
            `Template "${kind}" needs variable "${name}" (${VARIABLE_SPECS[name].type}), which is missing or blank`,
            name,
          ),
        );
      }
      continue;
    }
    checked[name] = value.value;
  }
  return ok(checked as CheckedVariables);
}
