import {
  isInsideWhatsAppWindow,
  providerHeldChannels,
  whatsappSendMode,
  whatsappWindowClosesAt,
} from '@omega/core';
import { contentTemplateName, render, type TemplateVariables } from '@omega/templates';
import type { DocumentReference, DocumentSnapshot } from 'firebase-admin/firestore';
import { Hono } from 'hono';
import { z } from 'zod';
import { readSuppression } from '../../consent/write.ts';
import { ApiError, dateOf, iso, notFound, num, str, valid } from '../../http/index.ts';
import type { DirectSendResult } from '../../pipeline/send/direct-send.ts';
import { isAlreadyExists } from '../../store/claims.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { addStats, conversationReplyCounter } from '../../store/stats.ts';
import { ts } from '../../store/timestamps.ts';
import type { StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { idempotentRequest } from '../idempotency.ts';
import { zE164 } from '../schemas.ts';
import { directSendError } from '../services/direct-send-errors.ts';
import { REPLY_TEMPLATE_KINDS, shopVariables } from '../services/shop-variables.ts';

/** Replies are sent as templates this long before the window closes (clock skew, queueing). */
const WINDOW_MARGIN_MS = 5 * 60_000;

const replyBody = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('free_text'), body: z.string().trim().min(1).max(1600) }),
  z.object({
    mode: z.literal('template'),
    kind: z.enum(REPLY_TEMPLATE_KINDS),
    staffMessage: z.string().trim().min(1).max(1000).optional(),
  }),
]);

function conversationSummary(doc: DocumentSnapshot, names: Map<string, string>, now: Date) {
  const lastInbound = dateOf(doc.get('lastInboundAt'));
  const channel = str(doc.get('channel')) ?? 'whatsapp';
  const customerId = str(doc.get('customerId'));
  const clientId = str(doc.get('clientId'));
  return {
    e164: doc.id,
    channel,
    customerId,
    clientId,
    name:
      (customerId && names.get(`p:${customerId}`)) ||
      (clientId && names.get(`c:${clientId}`)) ||
      null,
    lastInboundAt: iso(doc.get('lastInboundAt')),
    lastOutboundAt: iso(doc.get('lastOutboundAt')),
    lastMessagePreview: str(doc.get('lastMessagePreview')),
    unread: num(doc.get('unread')) ?? 0,
    escalatedAt: iso(doc.get('escalatedAt')),
    windowOpen: channel === 'whatsapp' && isInsideWhatsAppWindow(lastInbound, now),
  };
}

/**
 * A reply as today's conversation allows it: free text inside the WhatsApp window (or on SMS),
 * else only an approved content template; sent through the send path under `request.id`.
 */
async function sendReply(
  deps: ApiDeps,
  ref: DocumentReference,
  e164: string,
  body: z.output<typeof replyBody>,
  request: { actor: string; id: string; fingerprint: string },
): Promise<DirectSendResult> {
  const [doc, settings] = await Promise.all([ref.get(), deps.settings.get()]);
  if (!doc.exists) throw notFound('Conversation');
  const channel = str(doc.get('channel')) === 'sms' ? 'sms' : 'whatsapp';
  const now = deps.clock();
  const mode =
    channel === 'sms'
      ? 'free_text'
      : whatsappSendMode(dateOf(doc.get('lastInboundAt')), now, { marginMs: WINDOW_MARGIN_MS });
  const base = {
    actor: request.actor,
    customerId: str(doc.get('customerId')),
    clientId: str(doc.get('clientId')),
    origin: 'reply' as const,
    lastInboundAt: dateOf(doc.get('lastInboundAt')),
    fingerprint: request.fingerprint,
  };
  const send = (
    message: Parameters<typeof deps.sendDirect>[0],
    context: Omit<Parameters<typeof deps.sendDirect>[1], keyof typeof base>,
  ) => deps.sendDirect(message, { ...base, ...context }, request.id);

  if (body.mode === 'free_text') {
    if (mode !== 'free_text')
      throw new ApiError(
        409,
        'window_closed',
        'La fenêtre WhatsApp de 24 h est fermée : choisissez un modèle approuvé.',
      );
    return send(
      channel === 'sms'
        ? { channel: 'sms', to: e164, body: body.body }
        : { channel: 'whatsapp', to: e164, content: { mode: 'free_text', body: body.body } },
      { kind: 'staff_reply', preview: body.body },
    );
  }
  if (body.kind === 'staff_urgent' && !body.staffMessage)
    throw new ApiError(400, 'invalid_request', 'Le message est obligatoire pour ce modèle.');
  const vars = shopVariables(settings, body.staffMessage) as TemplateVariables<typeof body.kind>;
  const rendered = render(body.kind, 'whatsapp', vars, { locale: 'fr' });
  if (!rendered.ok) throw new ApiError(400, 'invalid_template_variables', rendered.error.message);
  if (channel === 'sms') {
    const sms = render(body.kind, 'sms', vars, { locale: 'fr' });
    if (!sms.ok) throw new ApiError(400, 'invalid_template_variables', sms.error.message);
    return send(
      { channel: 'sms', to: e164, body: sms.value.text },
      { kind: body.kind, preview: sms.value.text },
    );
  }
  if (mode === 'free_text') {
    const text = rendered.value.text;
    return send(
      { channel: 'whatsapp', to: e164, content: { mode: 'free_text', body: text } },
      { kind: body.kind, preview: text },
    );
  }
  const approved = settings.whatsappTemplates[rendered.value.template.friendlyName];
  if (approved?.approval !== 'approved')
    throw new ApiError(
      409,
      'template_not_approved',
      `Le modèle ${rendered.value.template.friendlyName} n’est pas approuvé par WhatsApp.`,
    );
  return send(
    {
      channel: 'whatsapp',
      to: e164,
      content: {
        mode: 'template',
        contentSid: approved.contentSid,
        variables: rendered.value.template.contentVariables,
      },
    },
    { kind: body.kind, preview: rendered.value.template.body },
  );
}

/** Conversations: inbox (escalated first), a thread, marking read / handled, and staff replies. */
export function conversationRoutes(deps: ApiDeps) {
  const names = async (docs: DocumentSnapshot[]) => {
    const out = new Map<string, string>();
    const refs = [
      ...new Set(
        docs
          .flatMap((d) => [
            str(d.get('customerId')) ? `p:${d.get('customerId')}` : null,
            str(d.get('clientId')) ? `c:${d.get('clientId')}` : null,
          ])
          .filter((x): x is string => !!x),
      ),
    ];
    if (refs.length === 0) return out;
    const snaps = await deps.db.getAll(
      ...refs.map((r) =>
        deps.db
          .collection(r.startsWith('p:') ? COLLECTIONS.profiles : COLLECTIONS.clients)
          .doc(r.slice(2)),
      ),
    );
    snaps.forEach((s, i) => {
      if (!s.exists) return;
      const name = refs[i]?.startsWith('p:')
        ? [str(s.get('firstName')), str(s.get('lastName'))].filter(Boolean).join(' ')
        : str(s.get('name'));
      if (name) out.set(refs[i] as string, name);
    });
    return out;
  };

  return new Hono<StaffEnv>()
    .get(
      '/',
      valid('query', z.object({ filter: z.enum(['all', 'unread', 'escalated']).default('all') })),
      async (c) => {
        const { filter } = c.req.valid('query');
        const snap = await deps.db
          .collection(COLLECTIONS.conversations)
          .orderBy('lastInboundAt', 'desc')
          .limit(100)
          .get();
        const nameMap = await names(snap.docs);
        const now = deps.clock();
        const items = snap.docs
          .map((d) => conversationSummary(d, nameMap, now))
          .filter(
            (x) =>
              filter === 'all' || (filter === 'unread' ? x.unread > 0 : x.escalatedAt !== null),
          )
          .sort(
            (a, b) =>
              Number(b.escalatedAt !== null) - Number(a.escalatedAt !== null) ||
              Number(b.unread > 0) - Number(a.unread > 0) ||
              (b.lastInboundAt ?? '').localeCompare(a.lastInboundAt ?? ''),
          );
        return c.json({ items });
      },
    )
    .get('/:e164', valid('param', z.object({ e164: zE164 })), async (c) => {
      const { e164 } = c.req.valid('param');
      const ref = deps.db.collection(COLLECTIONS.conversations).doc(e164);
      const [doc, messages, settings, suppression] = await Promise.all([
        ref.get(),
        ref.collection('messages').orderBy('at', 'desc').limit(200).get(),
        deps.settings.get(),
        readSuppression(deps.db, e164),
      ]);
      if (!doc.exists) throw notFound('Conversation');
      const now = deps.clock();
      const lastInbound = dateOf(doc.get('lastInboundAt'));
      const summary = conversationSummary(doc, await names([doc]), now);
      const locale = 'fr' as const;
      return c.json({
        conversation: summary,
        messages: messages.docs
          .map((m) => ({
            id: m.id,
            direction:
              str(m.get('direction')) === 'outbound' ? ('outbound' as const) : ('inbound' as const),
            channel: str(m.get('channel')) ?? summary.channel,
            body: str(m.get('body')) ?? '',
            at: iso(m.get('at')),
            intent: str(m.get('intent')),
            notificationId: str(m.get('notificationId')),
            actor: str(m.get('actor')),
          }))
          .reverse(),
        window: {
          open: whatsappSendMode(lastInbound, now, { marginMs: WINDOW_MARGIN_MS }) === 'free_text',
          closesAt: whatsappWindowClosesAt(lastInbound)?.toISOString() ?? null,
        },
        templates: REPLY_TEMPLATE_KINDS.map((kind) => {
          const t = settings.whatsappTemplates[contentTemplateName(kind, locale)];
          return { kind, approval: t?.approval ?? 'unsynced', usable: t?.approval === 'approved' };
        }),
        /** The channels Twilio's opt-out list holds for this number: no reply can go there. */
        providerHeld: providerHeldChannels(suppression),
      });
    })
    .post('/:e164/read', valid('param', z.object({ e164: zE164 })), async (c) => {
      const ref = deps.db.collection(COLLECTIONS.conversations).doc(c.req.valid('param').e164);
      if (!(await ref.get()).exists) throw notFound('Conversation');
      await ref.update({ unread: 0 });
      return c.json({ ok: true as const });
    })
    .post('/:e164/resolve', valid('param', z.object({ e164: zE164 })), async (c) => {
      const ref = deps.db.collection(COLLECTIONS.conversations).doc(c.req.valid('param').e164);
      if (!(await ref.get()).exists) throw notFound('Conversation');
      await ref.update({
        escalatedAt: null,
        unread: 0,
        resolvedAt: ts(deps.clock()),
        resolvedBy: c.var.staff.uid,
      });
      return c.json({ ok: true as const });
    })
    .post(
      '/:e164/reply',
      valid('param', z.object({ e164: zE164 })),
      valid('json', replyBody),
      async (c) => {
        const { e164 } = c.req.valid('param');
        const body = c.req.valid('json');
        const request = idempotentRequest(c, 'conversation_reply', { e164 }, body);
        const ref = deps.db.collection(COLLECTIONS.conversations).doc(e164);
        const staff = c.var.staff;
        // The same key again: the first request's outcome, whatever the window says now.
        const result =
          (await deps.replayDirect('reply', request.id, request.fingerprint)) ??
          (await sendReply(deps, ref, e164, body, {
            actor: staff.uid,
            id: request.id,
            fingerprint: request.fingerprint,
          }));
        if (!result.ok) throw directSendError(result.error);
        const channel = result.value.whatsappMode === null ? 'sms' : 'whatsapp';
        const text = result.value.text;
        const now = deps.clock();
        const at = ts(now);
        const batch = deps.db.batch();
        // Keyed by the provider's id: a replay of a reply already in the thread adds nothing
        // (nor counts it twice: engagement's staff replies go in the same batch).
        batch.create(ref.collection('messages').doc(result.value.providerId), {
          direction: 'outbound',
          channel,
          body: text,
          buttonPayload: null,
          ticketId: null,
          at,
          notificationId: result.value.notificationId,
          intent: null,
          actor: staff.uid,
        });
        addStats(batch, deps.db, now, { [conversationReplyCounter(staff.uid)]: 1 });
        batch.update(ref, {
          lastOutboundAt: at,
          lastMessagePreview: text.slice(0, 120),
          unread: 0,
          escalatedAt: null,
          repliedBy: staff.uid,
        });
        try {
          await batch.commit();
        } catch (error) {
          if (!isAlreadyExists(error)) throw error;
        }
        const mode = result.value.whatsappMode ?? 'free_text';
        return c.json({
          notificationId: result.value.notificationId,
          providerId: result.value.providerId,
          status: result.value.status,
          mode,
        });
      },
    );
}
