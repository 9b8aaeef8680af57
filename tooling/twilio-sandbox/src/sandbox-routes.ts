import { type ButtonTapInput, tapButton } from './button-tap.ts';
import type { ContentStore } from './content-store.ts';
import { type FaultInjector, isCallbackFault, isRequestFault } from './faults.ts';
import {
  type InboundDeps,
  type InboundInput,
  type InboundResult,
  simulateInbound,
} from './inbound.ts';
import { readInboundMediaFields } from './inbound-media-fields.ts';
import { renderInbox } from './inbox-page.ts';
import { toInboxJson } from './message-record.ts';
import type { Route, RouteContext } from './route.ts';
import { readSenderPatch, type SenderStore, toSenderJson } from './senders.ts';
import type { ApiResponse } from './twilio-error.ts';

/** What the sandbox's own endpoints need. */
export interface SandboxRoutesDeps extends InboundDeps {
  faults: FaultInjector;
  /** The Content API's templates: the inbox shows a sent template's buttons, and taps them. */
  contents: ContentStore;
  reset: () => void;
  senders: SenderStore;
}

const INBOUND_FIELDS = [
  'from',
  'to',
  'body',
  'channel',
  'buttonPayload',
  'buttonText',
  'profileName',
  'waId',
  'repliedToSid',
  'url',
] as const;

/** Reads an inbound request from JSON or a form (the inbox page posts a form). */
function readInbound(ctx: RouteContext): InboundInput {
  const source: Record<string, unknown> =
    ctx.json !== null && typeof ctx.json === 'object'
      ? (ctx.json as Record<string, unknown>)
      : Object.fromEntries(ctx.form);
  const input: Record<string, string> = {};
  for (const field of INBOUND_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' && value !== '') input[field] = value;
  }
  const media = readInboundMediaFields(source);
  return { ...input, from: input.from ?? '', ...(media ? { media } : {}) } as InboundInput;
}

/** Reads a button tap: `messageSid` and the button's `index` or `id` (JSON or form). */
function readTap(ctx: RouteContext): ButtonTapInput {
  const source: Record<string, unknown> =
    ctx.json !== null && typeof ctx.json === 'object'
      ? (ctx.json as Record<string, unknown>)
      : Object.fromEntries(ctx.form);
  const index = Number(source.index);
  return {
    messageSid: String(source.messageSid ?? ''),
    ...(source.index !== undefined && Number.isInteger(index) ? { index } : {}),
    ...(typeof source.id === 'string' ? { id: source.id } : {}),
    ...(typeof source.url === 'string' ? { url: source.url } : {}),
  };
}

function fromForm(ctx: RouteContext): boolean {
  return ctx.json === undefined && ctx.form.size > 0;
}

function inboundJson(result: InboundResult): Record<string, unknown> {
  return { message: toInboxJson(result.message), webhook: result.webhook, keyword: result.keyword };
}

/** The inbox page and the `/_sandbox/*` endpoints (no auth: local development only). */
export function sandboxRoutes(deps: SandboxRoutesDeps): Route[] {
  const redirectHome: ApiResponse = { status: 303, headers: { Location: '/' }, body: '' };
  return [
    {
      method: 'GET',
      pattern: /^\/$/,
      kind: 'sandbox',
      handle: () => ({
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: renderInbox(deps.store.all(), {
          accountSid: deps.options.accountSid,
          version: deps.store.version,
          inboundUrl: deps.options.inboundUrl,
          shortLinks: deps.options.shortLinks,
          sender: deps.senders.whatsapp(),
          contentOf: (sid) => deps.contents.get(sid),
        }),
      }),
    },
    {
      method: 'GET',
      pattern: /^\/_sandbox\/messages$/,
      kind: 'sandbox',
      handle: (ctx) => ({
        status: 200,
        body: {
          version: deps.store.version,
          messages: ctx.query.has('summary') ? [] : deps.store.all().map(toInboxJson),
          opted_out: deps.recipients.optedOutNumbers(),
        },
      }),
    },
    {
      method: 'POST',
      pattern: /^\/_sandbox\/reset$/,
      kind: 'sandbox',
      handle: (ctx) => {
        deps.reset();
        return fromForm(ctx) || ctx.headers.accept?.includes('text/html')
          ? redirectHome
          : { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: /^\/_sandbox\/inbound$/,
      kind: 'sandbox',
      // A photo reply carries its bytes (base64) in the body.
      maxBodyBytes: 24 * 1024 * 1024,
      handle: async (ctx) => {
        const result = await simulateInbound(deps, readInbound(ctx));
        if (!result.ok) return { status: 400, body: result.error };
        return fromForm(ctx) ? redirectHome : { status: 201, body: inboundJson(result.value) };
      },
    },
    {
      // The inbox shows each customer photo (no auth, like every /_sandbox route).
      method: 'GET',
      pattern: /^\/_sandbox\/messages\/(?<sid>[A-Za-z0-9]+)\/media\/(?<media>ME[0-9a-f]{32})$/,
      kind: 'sandbox',
      handle: (ctx) => {
        const item = deps.store
          .get(ctx.groups.sid ?? '')
          ?.media?.find((m) => m.sid === ctx.groups.media);
        if (!item?.bytes)
          return { status: 404, body: { code: 'not_found', message: 'no such media' } };
        return {
          status: 200,
          headers: { 'Content-Type': item.contentType ?? 'application/octet-stream' },
          body: item.bytes,
        };
      },
    },
    {
      // A tester taps a quick-reply button of a received WhatsApp template (JSON or the inbox's form).
      method: 'POST',
      pattern: /^\/_sandbox\/tap$/,
      kind: 'sandbox',
      handle: async (ctx) => {
        const result = await tapButton(deps, readTap(ctx));
        if (!result.ok) return { status: 400, body: result.error };
        return fromForm(ctx) ? redirectHome : { status: 201, body: inboundJson(result.value) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/_sandbox\/senders\/whatsapp$/,
      kind: 'sandbox',
      handle: () => ({ status: 200, body: toSenderJson(deps.senders.whatsapp()) }),
    },
    {
      // Flags the WhatsApp sender, takes it offline or back (JSON, or the inbox's form).
      method: 'POST',
      pattern: /^\/_sandbox\/senders\/whatsapp$/,
      kind: 'sandbox',
      handle: (ctx) => {
        const source: Record<string, unknown> =
          ctx.json !== null && typeof ctx.json === 'object'
            ? (ctx.json as Record<string, unknown>)
            : Object.fromEntries(ctx.form);
        const patch = readSenderPatch(source);
        if (typeof patch === 'string')
          return { status: 400, body: { code: 'invalid_sender', message: patch } };
        const sender = deps.senders.update(patch);
        return fromForm(ctx) ? redirectHome : { status: 200, body: toSenderJson(sender) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/_sandbox\/faults$/,
      kind: 'sandbox',
      handle: (ctx) => {
        const json = (ctx.json ?? {}) as { next?: unknown; callbacks?: unknown };
        const next = Array.isArray(json.next) ? json.next : [];
        const callbacks = Array.isArray(json.callbacks) ? json.callbacks : [];
        if (!next.every(isRequestFault) || !callbacks.every(isCallbackFault)) {
          return {
            status: 400,
            body: {
              code: 'invalid_fault',
              message:
                'next: 429|429=<s>|500|slow|slow=<ms>|drop|drop-after|reset-after|hang-after; callbacks: duplicate|out-of-order|late|late=<ms>',
            },
          };
        }
        deps.faults.next(...next);
        if (callbacks.length > 0) deps.faults.nextCallbacks(...callbacks);
        return { status: 204 };
      },
    },
  ];
}
