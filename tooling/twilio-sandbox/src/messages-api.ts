import { checkDestination, parseAddress } from './addresses.ts';
import type { ContentStore } from './content-store.ts';
import { renderContent } from './content-store.ts';
import { dayOf, parseDateFilter, type TimeRange } from './dates.ts';
import { CALLBACK_FAULT_HEADER, type FaultInjector } from './faults.ts';
import { isSid, newSid } from './ids.ts';
import type { Lifecycle } from './lifecycle.ts';
import { fetchOutboundMedia, readMediaUrls, templateMedia } from './media.ts';
import { type MessageRecord, type MessageStatus, toTwilioJson } from './message-record.ts';
import type { MessageStore } from './message-store.ts';
import type { ResolvedOptions } from './options.ts';
import { readPageRequest, slicePage } from './paging.ts';
import type { Recipients } from './recipients.ts';
import type { Route, RouteContext } from './route.ts';
import { measureBody } from './segments.ts';
import { type ApiResponse, notFound, twilioError } from './twilio-error.ts';

/** What the Messages routes work with. */
export interface MessagesApiDeps {
  options: ResolvedOptions;
  store: MessageStore;
  contents: ContentStore;
  recipients: Recipients;
  lifecycle: Lifecycle;
  faults: FaultInjector;
}

const ACCOUNT = '(?<account>AC[0-9a-fA-F]{32})';
const LIST = new RegExp(`^/2010-04-01/Accounts/${ACCOUNT}/Messages\\.json$`);
const ONE = new RegExp(`^/2010-04-01/Accounts/${ACCOUNT}/Messages/(?<sid>[A-Za-z0-9]+)\\.json$`);

function isTrue(value: string | null): boolean {
  return value !== null && value.toLowerCase() === 'true';
}

/** A StatusCallback Twilio would accept: absolute http(s), hostname without underscores. */
function validCallbackUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname.includes('_');
  } catch {
    return false;
  }
}

type Rendered =
  | { ok: true; body: string; contentSid: string | null }
  | { ok: false; error: ApiResponse };

function renderBody(form: URLSearchParams, contents: ContentStore): Rendered {
  const contentSid = form.get('ContentSid');
  if (!contentSid) return { ok: true, body: form.get('Body') ?? '', contentSid: null };
  const content = contents.get(contentSid);
  if (!content) {
    return { ok: false, error: twilioError(400, 21655, 'The ContentSid is Invalid.') };
  }
  let variables: Record<string, string> = {};
  const raw = form.get('ContentVariables');
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
      variables = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      return {
        ok: false,
        error: twilioError(400, 21656, 'The ContentVariables Parameter is invalid.'),
      };
    }
  }
  return { ok: true, body: renderContent(content, variables), contentSid };
}

type Schedule = { ok: true; sendAt: Date | null } | { ok: false; error: ApiResponse };

function readSchedule(form: URLSearchParams, options: ResolvedOptions): Schedule {
  const sendAt = form.get('SendAt');
  if (!sendAt || form.get('ScheduleType') !== 'fixed') return { ok: true, sendAt: null };
  if (!form.get('MessagingServiceSid')) {
    return {
      ok: false,
      error: twilioError(400, 35118, 'MessagingServiceSid is required to schedule a message.'),
    };
  }
  const at = Date.parse(sendAt);
  const lead = (at - Date.now()) / 1000;
  const { minLeadSeconds, maxLeadSeconds } = options.scheduling;
  if (Number.isNaN(at) || lead < minLeadSeconds || lead > maxLeadSeconds) {
    return {
      ok: false,
      error: twilioError(400, 35114, 'Scheduling does not support this timestamp.'),
    };
  }
  return { ok: true, sendAt: new Date(at) };
}

/** `POST …/Messages.json`: validates like Twilio, stores the message, starts its lifecycle. */
function createMessage(deps: MessagesApiDeps, ctx: RouteContext): ApiResponse {
  const { form } = ctx;
  const { options } = deps;
  const toRaw = form.get('To');
  const from = form.get('From') || null;
  const serviceSid = form.get('MessagingServiceSid') || null;
  if (!toRaw) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!from && !serviceSid) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (!form.get('Body') && !form.get('ContentSid') && !form.get('MediaUrl')) {
    return twilioError(400, 21602, 'Message body is required.');
  }
  const to = parseAddress(toRaw);
  const destination = checkDestination(to);
  if (!destination.ok) return twilioError(400, destination.code, destination.message);
  if (serviceSid && !isSid(serviceSid, 'MG')) {
    return twilioError(400, 21701, `The Messaging Service Sid ${serviceSid} is invalid.`);
  }
  const callback = form.get('StatusCallback');
  if (callback && !validCallbackUrl(callback)) {
    return twilioError(400, 21609, `The StatusCallback URL ${callback} is not valid.`);
  }
  const validityRaw = form.get('ValidityPeriod');
  const validityPeriod = validityRaw === null ? 36_000 : Number(validityRaw);
  if (!Number.isInteger(validityPeriod) || validityPeriod < 1 || validityPeriod > 36_000) {
    return twilioError(400, 90007, 'Invalid validity period value.');
  }
  const rendered = renderBody(form, deps.contents);
  if (!rendered.ok) return rendered.error;
  const media = readMediaUrls(form, to.channel);
  if (!media.ok) return media.error;
  // A `twilio/media` template's media (MediaUrl is omitted with a ContentSid).
  if (to.channel === 'whatsapp' && media.items.length === 0)
    media.items.push(
      ...templateMedia(deps.contents, rendered.contentSid, form.get('ContentVariables')),
    );
  if (rendered.body.length > 1600) {
    return twilioError(
      400,
      21617,
      'The concatenated message body exceeds the 1600 character limit.',
    );
  }
  const schedule = readSchedule(form, options);
  if (!schedule.ok) return schedule.error;
  if (deps.recipients.isOptedOut(to.number, to.channel)) {
    return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
  }

  const measured = measureBody(rendered.body, isTrue(form.get('SmartEncoded')));
  const segments = to.channel === 'whatsapp' ? 1 : measured.segments;
  const now = new Date();
  const status: MessageStatus = schedule.sendAt ? 'scheduled' : serviceSid ? 'accepted' : 'queued';
  const message: MessageRecord = {
    sid: newSid(media.items.length > 0 ? 'MM' : 'SM'),
    accountSid: options.accountSid,
    direction: 'outbound-api',
    channel: to.channel,
    from,
    to: to.raw,
    body: rendered.body,
    messagingServiceSid: serviceSid,
    status,
    errorCode: null,
    errorMessage: null,
    // With a Messaging Service no sender is assigned yet, so Twilio reports 0 segments.
    numSegments: serviceSid ? 0 : segments,
    price: null,
    priceUnit: null,
    dateCreated: now,
    dateUpdated: now,
    // Twilio fills date_sent in when the message leaves (the lifecycle's `sent`): a queued or
    // accepted message has none, so it does not match a DateSent filter yet.
    dateSent: null,
    encoding: to.channel === 'whatsapp' ? null : measured.encoding,
    bodySegments: segments,
    country: destination.country,
    statusCallback: callback,
    contentSid: rendered.contentSid,
    contentVariables: form.get('ContentVariables'),
    sendAt: schedule.sendAt,
    validityPeriod,
    history: [{ status, at: now.toISOString() }],
    callbacks: [],
    requestFault: ctx.fault,
    callbackFaults: deps.faults.forMessage(headerValue(ctx, CALLBACK_FAULT_HEADER)),
    ...(media.items.length > 0 ? { media: media.items } : {}),
  };
  deps.store.add(message);
  // Twilio downloads the media when it sends: the sandbox fetches it too and records the answer.
  if (media.items.length > 0) void fetchOutboundMedia(message, deps.store);
  if (schedule.sendAt) deps.lifecycle.schedule(message);
  else deps.lifecycle.begin(message);
  options.log(`→ ${message.sid} ${message.to} ${status} "${message.body.slice(0, 60)}"`);
  return { status: 201, body: toTwilioJson(message) };
}

function headerValue(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

interface DateFilters {
  on: TimeRange | null;
  before: TimeRange | null;
  after: TimeRange | null;
}

function readDateFilters(query: URLSearchParams): DateFilters | null {
  const read = (name: string): TimeRange | null | undefined => {
    const value = query.get(name);
    if (value === null) return null;
    return parseDateFilter(value) ?? undefined;
  };
  const on = read('DateSent');
  const before = read('DateSent<');
  const after = read('DateSent>');
  if (on === undefined || before === undefined || after === undefined) return null;
  return { on: on && dayOf(on.from), before, after };
}

function matches(m: MessageRecord, query: URLSearchParams, dates: DateFilters): boolean {
  const to = query.get('To');
  const from = query.get('From');
  if (to !== null && m.to !== to) return false;
  if (from !== null && m.from !== from) return false;
  if (dates.on || dates.before || dates.after) {
    if (!m.dateSent) return false;
    const sent = m.dateSent.getTime();
    if (dates.on && (sent < dates.on.from || sent > dates.on.to)) return false;
    if (dates.before && sent > dates.before.to) return false;
    if (dates.after && sent < dates.after.from) return false;
  }
  return true;
}

const FILTER_NAMES = ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>'] as const;

/** `GET …/Messages.json`: filters and Twilio's page envelope. */
function listMessages(deps: MessagesApiDeps, ctx: RouteContext): ApiResponse {
  const paging = readPageRequest(ctx.query);
  if (!paging) return twilioError(400, 20001, 'Invalid paging parameters');
  const dates = readDateFilters(ctx.query);
  if (!dates) return twilioError(400, 20001, 'Invalid DateSent filter');
  const all = deps.store.all().filter((m) => matches(m, ctx.query, dates));
  const page = slicePage(all, (m) => m.sid, paging);
  const uriFor = (pageIndex: number, token: string | null) => {
    const params = new URLSearchParams();
    for (const name of FILTER_NAMES) {
      const value = ctx.query.get(name);
      if (value !== null) params.set(name, value);
    }
    params.set('PageSize', String(paging.pageSize));
    params.set('Page', String(pageIndex));
    if (token) params.set('PageToken', token);
    return `${ctx.path}?${params.toString()}`;
  };
  const start = paging.page * paging.pageSize;
  return {
    status: 200,
    body: {
      end: page.items.length > 0 ? start + page.items.length - 1 : start,
      first_page_uri: uriFor(0, null),
      messages: page.items.map(toTwilioJson),
      next_page_uri: page.nextToken ? uriFor(paging.page + 1, page.nextToken) : null,
      page: paging.page,
      page_size: paging.pageSize,
      previous_page_uri:
        page.previousToken && paging.page > 0 ? uriFor(paging.page - 1, page.previousToken) : null,
      start,
      uri: uriFor(paging.page, paging.token),
    },
  };
}

/** `POST …/Messages/{Sid}.json`: cancel a scheduled message, or redact its body. */
function updateMessage(deps: MessagesApiDeps, ctx: RouteContext): ApiResponse {
  const message = deps.store.get(ctx.groups.sid ?? '');
  if (!message) return notFound(ctx.path);
  const status = ctx.form.get('Status');
  const body = ctx.form.get('Body');
  if (status !== null) {
    if (status !== 'canceled') return twilioError(400, 20001, `Invalid Status ${status}`);
    if (message.status !== 'scheduled') {
      return twilioError(400, 30409, 'This message cannot be canceled.');
    }
    deps.lifecycle.cancel(message);
  }
  if (body !== null) {
    if (body !== '') return twilioError(400, 20001, 'Body can only be redacted (set to "")');
    message.body = '';
    message.dateUpdated = new Date();
    deps.store.changed();
  }
  return { status: 200, body: toTwilioJson(message) };
}

/** The Messages routes (2010-04-01). */
export function messagesRoutes(deps: MessagesApiDeps): Route[] {
  const account = (ctx: RouteContext, run: () => ApiResponse): ApiResponse =>
    ctx.groups.account === deps.options.accountSid ? run() : notFound(ctx.path);
  return [
    {
      method: 'POST',
      pattern: LIST,
      kind: 'twilio',
      handle: (ctx) => account(ctx, () => createMessage(deps, ctx)),
    },
    {
      method: 'GET',
      pattern: LIST,
      kind: 'twilio',
      handle: (ctx) => account(ctx, () => listMessages(deps, ctx)),
    },
    {
      method: 'GET',
      pattern: ONE,
      kind: 'twilio',
      handle: (ctx) =>
        account(ctx, () => {
          const message = deps.store.get(ctx.groups.sid ?? '');
          return message ? { status: 200, body: toTwilioJson(message) } : notFound(ctx.path);
        }),
    },
    {
      method: 'POST',
      pattern: ONE,
      kind: 'twilio',
      handle: (ctx) => account(ctx, () => updateMessage(deps, ctx)),
    },
    {
      method: 'DELETE',
      pattern: ONE,
      kind: 'twilio',
      handle: (ctx) =>
        account(ctx, () =>
          deps.store.delete(ctx.groups.sid ?? '') ? { status: 204 } : notFound(ctx.path),
        ),
    },
  ];
}
