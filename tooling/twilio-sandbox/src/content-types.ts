/**
 * The checks Twilio's Content API applies to a template's `types` (create and update): the
 * shapes of `../shared/reference/twilio-oai/twilio_content_v1.json` (`twilioText`,
 * `twilioMedia`, `twilioLocation`, `twilioCallToAction`, `twilioQuickReply`, `twilioCard`:
 * required fields, no unknown field) and the limits Twilio's content-type pages state (body
 * lengths, button titles, at most two URL buttons and one phone button, coordinates in range,
 * a URL variable only at the end of the URL). Other types of the description (list picker,
 * carousel, catalog, flows…) are accepted as objects without deeper checks.
 */

/** Every content type the OAI description names. */
export const CONTENT_TYPES = [
  'twilio/text',
  'twilio/media',
  'twilio/location',
  'twilio/list-picker',
  'twilio/call-to-action',
  'twilio/quick-reply',
  'twilio/card',
  'twilio/catalog',
  'twilio/carousel',
  'twilio/flows',
  'twilio/schedule',
  'whatsapp/card',
  'whatsapp/authentication',
  'whatsapp/flows',
] as const;

type Fields = Record<string, unknown>;

const CALL_TO_ACTION_TYPES = [
  'URL',
  'PHONE_NUMBER',
  'COPY_CODE',
  'VOICE_CALL',
  'VOICE_CALL_REQUEST',
];
const CARD_ACTION_TYPES = ['URL', 'PHONE_NUMBER', 'QUICK_REPLY', 'COPY_CODE', 'VOICE_CALL'];

function isRecord(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Fields outside `allowed` (the OAI schemas say `additionalProperties: false`). */
function unknownField(fields: Fields, allowed: readonly string[]): string | null {
  return Object.keys(fields).find((k) => !allowed.includes(k)) ?? null;
}

function text(fields: Fields, name: string, max: number, required: boolean): string | null {
  const value = fields[name];
  if (value === undefined) return required ? `'${name}' is required` : null;
  if (typeof value !== 'string' || (required && value.trim() === '')) {
    return `'${name}' must be a non-empty string`;
  }
  return value.length > max ? `'${name}' is longer than ${max} characters` : null;
}

/** An http(s) URL, where a `{{n}}` variable may only end it (Twilio, WhatsApp). */
function urlProblem(value: unknown, name: string): string | null {
  if (typeof value !== 'string') return `'${name}' must be a URL`;
  const variable = value.indexOf('{{');
  if (variable >= 0 && !/\{\{\s*[\w.-]+\s*\}\}$/.test(value.slice(variable))) {
    return `'${name}' may hold a variable only at its end`;
  }
  const sample = variable >= 0 ? `${value.slice(0, variable)}sample` : value;
  try {
    const url = new URL(sample);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
    return null;
  } catch {
    return `'${name}' must be an absolute http(s) URL`;
  }
}

function actionsOf(fields: Fields, min: number, max: number): Fields[] | string {
  const actions = fields.actions;
  if (!Array.isArray(actions) || actions.length < min) {
    return `'actions' must hold at least ${min} button${min > 1 ? 's' : ''}`;
  }
  if (actions.length > max) return `'actions' holds more than ${max} buttons`;
  if (!actions.every(isRecord)) return "every item of 'actions' must be an object";
  return actions;
}

/** One button of a call-to-action or card (`callToActionAction`, `cardAction`). */
function buttonProblem(action: Fields, index: number, types: readonly string[]): string | null {
  const at = `actions[${index}]`;
  const extra = unknownField(action, [
    'type',
    'title',
    'url',
    'phone',
    'code',
    'id',
    'webview_size',
  ]);
  if (extra) return `${at}: unknown field '${extra}'`;
  if (typeof action.type !== 'string' || !types.includes(action.type)) {
    return `${at}: 'type' must be one of ${types.join(', ')}`;
  }
  const titleMax = action.type === 'QUICK_REPLY' ? 20 : 25;
  const title = text(action, 'title', titleMax, true);
  if (title) return `${at}: ${title}`;
  if (action.type === 'URL') {
    const url = urlProblem(action.url, 'url');
    if (url) return `${at}: ${url}`;
  }
  if (
    action.type === 'PHONE_NUMBER' &&
    (typeof action.phone !== 'string' || !/^\+\d{6,15}$/.test(action.phone))
  ) {
    return `${at}: 'phone' must be an E.164 number`;
  }
  if (action.type === 'COPY_CODE' && typeof action.code !== 'string') {
    return `${at}: 'code' is required`;
  }
  if (action.type === 'QUICK_REPLY' && action.id !== undefined && typeof action.id !== 'string') {
    return `${at}: 'id' must be a string`;
  }
  return null;
}

/** At most two URL buttons and one call button on a template (Twilio's call-to-action limits). */
function buttonCounts(actions: readonly Fields[]): string | null {
  const count = (...types: string[]) =>
    actions.filter((a) => types.includes(String(a.type))).length;
  if (count('URL') > 2) return 'at most 2 URL buttons are allowed';
  if (count('PHONE_NUMBER', 'VOICE_CALL') > 1) return 'at most 1 phone button is allowed';
  return null;
}

function checkMedia(fields: Fields): string | null {
  const extra = unknownField(fields, ['body', 'media']);
  if (extra) return `unknown field '${extra}'`;
  const media = fields.media;
  if (!Array.isArray(media) || media.length === 0) return "'media' must hold at least one URL";
  if (media.length > 10) return "'media' holds more than 10 URLs";
  for (const [i, url] of media.entries()) {
    const problem = urlProblem(url, `media[${i}]`);
    if (problem) return problem;
  }
  return text(fields, 'body', 1600, false);
}

function checkLocation(fields: Fields): string | null {
  const extra = unknownField(fields, ['latitude', 'longitude', 'label', 'id', 'address']);
  if (extra) return `unknown field '${extra}'`;
  const { latitude, longitude } = fields;
  // Coordinates take no variables: numbers, in range.
  if (
    typeof latitude !== 'number' ||
    !Number.isFinite(latitude) ||
    latitude < -90 ||
    latitude > 90
  ) {
    return "'latitude' must be a number between -90 and 90";
  }
  if (
    typeof longitude !== 'number' ||
    !Number.isFinite(longitude) ||
    longitude < -180 ||
    longitude > 180
  ) {
    return "'longitude' must be a number between -180 and 180";
  }
  return text(fields, 'label', 1000, false) ?? text(fields, 'address', 1000, false);
}

function checkCallToAction(fields: Fields): string | null {
  const extra = unknownField(fields, ['body', 'actions']);
  if (extra) return `unknown field '${extra}'`;
  const body = text(fields, 'body', 640, true);
  if (body) return body;
  const actions = actionsOf(fields, 1, 4);
  if (typeof actions === 'string') return actions;
  for (const [i, action] of actions.entries()) {
    const problem = buttonProblem(action, i, CALL_TO_ACTION_TYPES);
    if (problem) return problem;
  }
  return buttonCounts(actions);
}

function checkQuickReply(fields: Fields): string | null {
  const extra = unknownField(fields, ['body', 'actions']);
  if (extra) return `unknown field '${extra}'`;
  const body = text(fields, 'body', 1024, true);
  if (body) return body;
  const actions = actionsOf(fields, 1, 10);
  if (typeof actions === 'string') return actions;
  for (const [i, action] of actions.entries()) {
    const extraField = unknownField(action, ['type', 'title', 'id']);
    if (extraField) return `actions[${i}]: unknown field '${extraField}'`;
    const title = text(action, 'title', 20, true);
    if (title) return `actions[${i}]: ${title}`;
  }
  return null;
}

function checkCard(fields: Fields): string | null {
  const extra = unknownField(fields, ['title', 'subtitle', 'body', 'media', 'actions']);
  if (extra) return `unknown field '${extra}'`;
  if (fields.title === undefined && fields.body === undefined)
    return "'title' or 'body' is required";
  const problem =
    text(fields, 'title', 1024, false) ??
    text(fields, 'body', 1600, false) ??
    text(fields, 'subtitle', 60, false);
  if (problem) return problem;
  const others = ['subtitle', 'media', 'actions'].filter((k) => fields[k] !== undefined);
  if (others.length === 0 && (fields.title === undefined || fields.body === undefined)) {
    return 'a card needs at least one field besides its title';
  }
  if (fields.media !== undefined) {
    if (!Array.isArray(fields.media)) return "'media' must be an array of URLs";
    for (const [i, url] of fields.media.entries()) {
      const bad = urlProblem(url, `media[${i}]`);
      if (bad) return bad;
    }
  }
  if (fields.actions === undefined) return null;
  const actions = actionsOf(fields, 1, 10);
  if (typeof actions === 'string') return actions;
  for (const [i, action] of actions.entries()) {
    const bad = buttonProblem(action, i, CARD_ACTION_TYPES);
    if (bad) return bad;
  }
  return buttonCounts(actions);
}

const CHECKS: Partial<Record<string, (fields: Fields) => string | null>> = {
  'twilio/text': (f) => unknownField(f, ['body']) ?? text(f, 'body', 1600, true),
  'twilio/media': checkMedia,
  'twilio/location': checkLocation,
  'twilio/call-to-action': checkCallToAction,
  'twilio/quick-reply': checkQuickReply,
  'twilio/card': checkCard,
};

/**
 * What is wrong with a Content API `types` object, as `<type>: <problem>`, or `null` when
 * Twilio would accept it.
 *
 * @example contentTypesProblem({ 'twilio/location': { latitude: 91, longitude: 2 } })
 * // "twilio/location: 'latitude' must be a number between -90 and 90"
 */
export function contentTypesProblem(types: Record<string, unknown>): string | null {
  for (const [type, fields] of Object.entries(types)) {
    if (!(CONTENT_TYPES as readonly string[]).includes(type)) {
      return `${type}: not a content type`;
    }
    if (!isRecord(fields)) return `${type}: must be an object`;
    const problem = CHECKS[type]?.(fields) ?? null;
    if (problem) return `${type}: ${problem}`;
  }
  return null;
}
