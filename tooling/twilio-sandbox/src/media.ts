import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxChannel } from './addresses.ts';
import type { ContentStore } from './content-store.ts';
import { rfc2822 } from './dates.ts';
import { newSid } from './ids.ts';
import type { MediaItem, MessageRecord } from './message-record.ts';

export type { MediaItem } from './message-record.ts';

import type { MessageStore } from './message-store.ts';
import { richContentOf, sentVariables } from './rich-content.ts';
import type { Route, RouteContext } from './route.ts';
import { type ApiResponse, notFound, twilioError } from './twilio-error.ts';

/** Twilio's limit of `MediaUrl` parameters per message. */
export const MAX_MEDIA_PER_MESSAGE = 10;
/** Twilio's size limit for images (jpeg, png, gif) on a message. */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;

/** The media to put on a created message, or Twilio's refusal. */
export type MediaRead = { ok: true; items: MediaItem[] } | { ok: false; error: ApiResponse };

/**
 * Reads and checks the `MediaUrl` parameters of a create, as Twilio does: at most 10, each an
 * absolute http(s) URL (21620), and never on SMS here — France has no MMS through Twilio
 * (21621: the sender is not enabled for MMS). Media with a `ContentSid` is left to the template.
 */
export function readMediaUrls(form: URLSearchParams, channel: SandboxChannel): MediaRead {
  const urls = form.getAll('MediaUrl').filter((u) => u !== '');
  if (urls.length === 0) return { ok: true, items: [] };
  if (urls.length > MAX_MEDIA_PER_MESSAGE) {
    return {
      ok: false,
      error: twilioError(400, 21623, 'Number of media files exceeds allowed limit'),
    };
  }
  if (channel === 'sms') {
    return {
      ok: false,
      error: twilioError(
        400,
        21621,
        "The 'From' number is not enabled for MMS: France has no MMS through Twilio, SMS carry no media",
      ),
    };
  }
  for (const url of urls) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
    } catch {
      return { ok: false, error: twilioError(400, 21620, `Invalid media URL(s): ${url}`) };
    }
  }
  const now = new Date();
  return {
    ok: true,
    items: urls.map((url) => ({
      sid: newSid('ME'),
      url,
      contentType: null,
      bytes: null,
      fetched: null,
      dateCreated: now,
    })),
  };
}

/**
 * The media of a `twilio/media` template sent by `ContentSid`, its URL variables filled from
 * `ContentVariables`: Twilio downloads them like a `MediaUrl` (the sandbox too).
 */
export function templateMedia(
  contents: ContentStore,
  contentSid: string | null,
  rawVariables: string | null,
): MediaItem[] {
  const content = contentSid ? contents.get(contentSid) : undefined;
  if (!content) return [];
  const now = new Date();
  return richContentOf(content, sentVariables(rawVariables)).media.map((url) => ({
    sid: newSid('ME'),
    url,
    contentType: null,
    bytes: null,
    fetched: null,
    dateCreated: now,
  }));
}

/**
 * Fetches each outbound media as Twilio does when it sends (no credentials, redirects
 * followed) and records the answer: status, type, size. The inbox shows it; a test reads it.
 */
export async function fetchOutboundMedia(
  message: MessageRecord,
  store: MessageStore,
): Promise<void> {
  for (const item of message.media ?? []) {
    if (!item.url) continue;
    try {
      const res = await fetch(item.url, {
        redirect: 'follow',
        signal: AbortSignal.timeout(10_000),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      item.contentType = res.headers.get('content-type');
      item.fetched = {
        status: res.status,
        contentType: item.contentType,
        size: bytes.length,
        ...(res.ok ? {} : { error: bytes.toString('utf8').slice(0, 200) }),
        ...(res.ok && bytes.length > MAX_MEDIA_BYTES ? { error: 'larger than 5 MB' } : {}),
      };
    } catch (error) {
      item.fetched = {
        status: null,
        contentType: null,
        size: 0,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    store.changed();
  }
}

/** The path of an inbound media as Twilio names it (`MediaUrl{N}` of the webhook). */
export function mediaPath(accountSid: string, messageSid: string, mediaSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}/Media/${mediaSid}`;
}

/** The Media resource JSON (`api.v2010.account.message.media`). */
export function toMediaJson(message: MessageRecord, item: MediaItem): Record<string, unknown> {
  return {
    account_sid: message.accountSid,
    content_type: item.contentType,
    date_created: rfc2822(item.dateCreated),
    date_updated: rfc2822(item.dateCreated),
    parent_sid: message.sid,
    sid: item.sid,
    uri: `${mediaPath(message.accountSid, message.sid, item.sid)}.json`,
  };
}

/** What the media routes need. */
export interface MediaRoutesDeps {
  accountSid: () => string;
  /** Keys the short-lived content URL the authenticated media URL redirects to. */
  authToken: () => string;
  store: MessageStore;
}

const BASE =
  '^/2010-04-01/Accounts/(?<account>AC[0-9a-fA-F]{32})/Messages/(?<message>[A-Za-z0-9]+)/Media';
const LIST = new RegExp(`${BASE}\\.json$`);
const ONE_JSON = new RegExp(`${BASE}/(?<media>ME[0-9a-fA-F]{32})\\.json$`);
const ONE = new RegExp(`${BASE}/(?<media>ME[0-9a-fA-F]{32})$`);
const CONTENT = /^\/_sandbox\/media\/(?<media>ME[0-9a-fA-F]{32})$/;
/** How long the redirect's content URL works (Twilio's signed storage URLs are short-lived). */
const CONTENT_TTL_MS = 5 * 60_000;

function contentSignature(secret: string, mediaSid: string, expires: number): string {
  return createHmac('sha256', secret).update(`${mediaSid}.${expires}`).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The Media subresource of Messages: list and fetch (JSON, Basic auth), and the media itself at
 * `/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}` — Basic auth, then
 * a 307 to a short-lived signed content URL (`/_sandbox/media/{MediaSid}?Expires=…&Signature=…`,
 * no auth), the way Twilio redirects to its media storage: a client must follow the redirect
 * and must not need its credentials there.
 */
export function mediaRoutes(deps: MediaRoutesDeps): Route[] {
  const find = (ctx: RouteContext): { message: MessageRecord; item?: MediaItem } | null => {
    if (ctx.groups.account !== deps.accountSid()) return null;
    const message = deps.store.get(ctx.groups.message ?? '');
    if (!message) return null;
    if (!ctx.groups.media) return { message };
    const item = message.media?.find((m) => m.sid === ctx.groups.media);
    return item ? { message, item } : null;
  };
  return [
    {
      method: 'GET',
      pattern: LIST,
      kind: 'twilio',
      handle: (ctx) => {
        const found = find(ctx);
        if (!found) return notFound(ctx.path);
        const items = found.message.media ?? [];
        return {
          status: 200,
          body: {
            media_list: items.map((item) => toMediaJson(found.message, item)),
            end: Math.max(0, items.length - 1),
            first_page_uri: `${ctx.path}?PageSize=50&Page=0`,
            next_page_uri: null,
            page: 0,
            page_size: 50,
            previous_page_uri: null,
            start: 0,
            uri: `${ctx.path}?PageSize=50&Page=0`,
          },
        };
      },
    },
    {
      method: 'GET',
      pattern: ONE_JSON,
      kind: 'twilio',
      handle: (ctx) => {
        const found = find(ctx);
        if (!found?.item) return notFound(ctx.path);
        return { status: 200, body: toMediaJson(found.message, found.item) };
      },
    },
    {
      method: 'GET',
      pattern: ONE,
      kind: 'twilio',
      handle: (ctx) => {
        const found = find(ctx);
        if (!found?.item?.bytes) return notFound(ctx.path);
        const expires = Date.now() + CONTENT_TTL_MS;
        const signature = contentSignature(deps.authToken(), found.item.sid, expires);
        return {
          status: 307,
          headers: {
            Location: `/_sandbox/media/${found.item.sid}?Expires=${expires}&Signature=${signature}`,
          },
          body: '',
        };
      },
    },
    {
      method: 'GET',
      pattern: CONTENT,
      kind: 'sandbox',
      handle: (ctx) => {
        const sid = ctx.groups.media ?? '';
        const expires = Number(ctx.query.get('Expires'));
        const signature = ctx.query.get('Signature') ?? '';
        const expected = contentSignature(deps.authToken(), sid, expires);
        if (!Number.isFinite(expires) || expires < Date.now() || !sameHex(signature, expected)) {
          return { status: 403, headers: { 'Content-Type': 'text/plain' }, body: 'Access denied' };
        }
        for (const message of deps.store.all()) {
          const item = message.media?.find((m) => m.sid === sid);
          if (item?.bytes) {
            return {
              status: 200,
              headers: { 'Content-Type': item.contentType ?? 'application/octet-stream' },
              body: item.bytes,
            };
          }
        }
        return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not found' };
      },
    },
  ];
}
