import type { NotificationKind, NotificationStatus, SkipReason } from '@omega/core';
import type { VariableTypes } from '@omega/templates';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { OutboundMessage } from '../../adapters/port.ts';
import { logs } from '../../logs.ts';
import { claimAlongside, isAlreadyExists } from '../../store/claims.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { parseDoc, ticketSchema } from '../../store/documents.ts';
import { DISPATCHABLE } from '../../store/history.ts';
import { ts, zTimestamp } from '../../store/timestamps.ts';
import type { PipelineDeps, SendTask } from '../deps.ts';
import { addTicketLink, ticketLink } from '../short-links.ts';
import {
  DEFAULT_LEASE_MS,
  type DispatchOutcome,
  recordSkipAtDispatch,
  renderOutbound,
  type SentHistory,
  sendAndRecord,
} from './ticket-send.ts';

/** `origin` of the history documents of automatic answers to inbound messages. */
export const AUTO_REPLY_ORIGIN = 'auto_reply';

/**
 * The lawful basis recorded on an automatic answer: the customer's own request. Someone who
 * has just written to us (a keyword, a question) asked for this one answer, on the channel
 * they used; it is not a notification, so core's consent/service cascade does not apply to it.
 * The suppression list still does: after a STOP only the opt-out confirmation goes out, and
 * only on the channel the STOP came from (the reply's channel is always the inbound one).
 */
export const REPLY_BASIS = 'request';

const replySchema = z.object({
  channel: z.enum(['sms', 'whatsapp']),
  kind: z.string().startsWith('reply_'),
  status: z.string(),
  to: z.string(),
  priceZone: z.string().nullable().optional(),
  attempts: z.number().default(0),
  createdAt: zTimestamp,
  customerId: z.string().nullable(),
  clientId: z.string().nullable(),
  ticketId: z.string().nullable(),
  replyTo: z.object({ messageSid: z.string(), at: zTimestamp }),
  metadata: z.object({ twilioMessageId: z.string().nullable().optional() }).partial().optional(),
});

function suppressedFor(scope: unknown, channel: 'sms' | 'whatsapp'): boolean {
  return scope === 'all' || scope === channel || (scope !== 'sms' && scope !== 'whatsapp');
}

/** The text of a sent reply as the conversation shows it. */
function shownText(message: OutboundMessage): string {
  if (message.channel === 'sms') return message.body;
  if (message.channel === 'whatsapp') {
    return message.content.mode === 'free_text'
      ? message.content.body
      : `[modèle ${message.content.contentSid}]`;
  }
  return '';
}

/**
 * Adds a sent reply to the customer's conversation thread (`direction: outbound`, `actor:
 * auto`), keyed by the provider's message id (`create()`: recorded once). Unread count and
 * staff flag are left as they are: an automatic answer is not a staff reply.
 */
async function addToConversation(
  deps: PipelineDeps,
  r: z.infer<typeof replySchema>,
  notificationId: string,
  providerId: string,
  message: OutboundMessage,
): Promise<void> {
  const at = ts(deps.clock());
  try {
    await deps.db
      .collection(COLLECTIONS.conversations)
      .doc(r.to)
      .collection('messages')
      .doc(providerId)
      .create({
        direction: 'outbound',
        channel: r.channel,
        body: shownText(message),
        buttonPayload: null,
        ticketId: r.ticketId,
        at,
        notificationId,
        intent: null,
        kind: r.kind,
        actor: 'auto',
        inReplyTo: r.replyTo.messageSid,
      });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}

/**
 * The send task's handler for an automatic reply (`origin: auto_reply`, planned by the
 * ingestion of an inbound message). Same claim → check → render → send → record steps as
 * {@link dispatchSend}, with the reply's own check instead of core's `recheck`: the channel
 * switch, and the suppression list (which only the opt-out confirmation passes). Rendered
 * with the shop's current settings and the ticket's current state; WhatsApp replies are free
 * text inside the window opened by the message they answer.
 */
export async function dispatchReply(
  deps: PipelineDeps,
  task: SendTask,
  context: { retryCount: number; id?: string },
  snap: DocumentSnapshot,
): Promise<DispatchOutcome> {
  const { notificationId } = task;
  const parsed = replySchema.safeParse(snap.data());
  if (!parsed.success) {
    logs.sendDuplicateIgnored(notificationId, 'not a valid automatic reply');
    return { outcome: 'missing' };
  }
  const r = parsed.data;
  const status = r.status as NotificationStatus;
  if (!DISPATCHABLE.has(status) || r.metadata?.twilioMessageId) {
    logs.sendDuplicateIgnored(notificationId, `status ${status}`);
    return { outcome: 'duplicate', why: `status ${status}` };
  }
  const now = deps.clock();
  const attempt = r.attempts + 1;
  const settings = await deps.settings.get();
  const ownerRef = r.customerId
    ? deps.db.collection(COLLECTIONS.profiles).doc(r.customerId)
    : r.clientId
      ? deps.db.collection(COLLECTIONS.clients).doc(r.clientId)
      : null;
  const [claim, [suppression, ticketSnap, ownerSnap]] = await claimAlongside(
    deps.db,
    {
      notificationId,
      attempt,
      now,
      leaseMs: deps.config.leaseMs ?? DEFAULT_LEASE_MS,
      owner: context.id ?? `run-${context.retryCount}`,
    },
    Promise.all([
      deps.db.collection(COLLECTIONS.suppressions).doc(r.to).get(),
      r.ticketId ? deps.db.collection(COLLECTIONS.tickets).doc(r.ticketId).get() : null,
      ownerRef ? ownerRef.get() : null,
    ]),
  );
  if (!claim.claimed) {
    logs.sendDuplicateIgnored(notificationId, `attempt ${attempt} claimed by another dispatch`);
    return { outcome: 'duplicate', why: `attempt ${attempt} claimed` };
  }
  logs.sendClaimed(notificationId, attempt);

  let skip: SkipReason | null = null;
  if (!settings.core.channelsEnabled[r.channel]) skip = 'channel_disabled';
  else if (
    suppression.exists &&
    suppressedFor(suppression.get('scope'), r.channel) &&
    r.kind !== 'reply_opt_out'
  )
    skip = 'suppressed';
  if (skip) {
    return recordSkipAtDispatch(
      deps,
      { ref: snap.ref, notificationId, channel: r.channel },
      skip,
      now,
    );
  }

  const shop = settings.shop;
  const vars: Partial<VariableTypes> = {
    shopHours: shop.hours,
    shopAddress: shop.address,
    shopPhone: shop.phone,
  };
  const ticketParsed = ticketSnap?.exists ? parseDoc(ticketSchema, ticketSnap.data()) : null;
  if (r.ticketId && ticketParsed?.ok) {
    const ticket = ticketParsed.value;
    vars.device = ticket.device;
    vars.status = ticket.status as VariableTypes['status'];
    vars.trackingCode = ticket.trackingCode;
    vars.link = ticketLink(r.ticketId, {
      domain: settings.shortLinkDomain ?? deps.config.shortLinkDomain,
      secret: deps.config.shortLinkSecret,
      generation: ticket.shortLinkGeneration,
    });
    // The link must open before the answer carrying it goes out (a ticket may never have had
    // a planned notification, e.g. every channel skipped): same merge write as the planner's.
    const linkBatch = deps.db.batch();
    addTicketLink(
      linkBatch,
      deps.db,
      {
        ticketId: r.ticketId,
        clientId: ticket.clientId,
        customerId: ticket.customerId ?? null,
        generation: ticket.shortLinkGeneration,
        now,
      },
      { secret: deps.config.shortLinkSecret },
    );
    await linkBatch.commit();
  }
  const locale = ownerSnap?.get('locale') === 'en' ? 'en' : 'fr';
  const history: SentHistory = {
    channel: r.channel,
    to: r.to,
    priceZone: r.priceZone ?? null,
    createdAt: r.createdAt,
    notBefore: null,
    customerId: r.customerId,
    clientId: r.clientId,
  };
  const built = await renderOutbound(
    deps,
    notificationId,
    {
      channel: r.channel,
      kind: r.kind as NotificationKind,
      to: r.to,
      vars,
      locale,
      lastInboundWhatsAppAt: r.replyTo.at,
      pushTokens: [],
      ticketId: r.ticketId,
    },
    now,
  );
  return sendAndRecord(deps, history, notificationId, attempt, now, built, {
    readAt: snap.updateTime,
    retryCount: context.retryCount,
    onSent: (accepted, message) =>
      addToConversation(deps, r, notificationId, accepted.providerId, message),
  });
}
