import {
  type Channel,
  fallbackChannel,
  type NotificationStatus,
  planNotification,
} from '@omega/core';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { type HistoryRead, unsentHistoryFields } from '../pipeline/history.ts';
import { loadRecipient } from '../pipeline/recipient.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { parseDoc, ticketSchema } from '../store/documents.ts';
import { ts } from '../store/timestamps.ts';

/**
 * After a WhatsApp failure that another channel can cover (63024 not on WhatsApp, 63016
 * outside the window…): plans the same event again with the recipient's current state and
 * asks core's `fallbackChannel` which channel takes over (WhatsApp → SMS where there is a
 * lawful basis and an SMS-capable number; never for an invalid number). The fallback gets
 * the deterministic id of that channel for the same event, so a redelivered callback cannot
 * create it twice, and `fallbackOf` links it to the failed one.
 */
export async function planFallback(
  deps: PipelineDeps,
  failed: { notificationId: string; history: HistoryRead; changeId: string },
  failure: { phoneStatus?: 'invalid' | 'landline' | 'unknown_handset' | null },
): Promise<{ channel: Channel; notificationId: string } | null> {
  const h = failed.history;
  const now = deps.clock();
  const [settings, ticketSnap] = await Promise.all([
    deps.settings.get(),
    deps.db.collection(COLLECTIONS.tickets).doc(h.ticketId).get(),
  ]);
  const parsed = ticketSnap.exists ? parseDoc(ticketSchema, ticketSnap.data()) : null;
  if (!parsed?.ok) return null;
  const ticket = parsed.value;
  const [loaded, budgetSpentEur] = await Promise.all([
    loadRecipient(
      deps.db,
      { clientId: ticket.clientId, customerId: ticket.customerId ?? null, ticketId: h.ticketId },
      { defaultCountry: settings.core.defaultCountry, now, withCounts: true },
    ),
    deps.settings.budgetSpentEur(now),
  ]);
  const plan = planNotification(
    { kind: h.kind, ticketId: h.ticketId, ticketStatus: h.ticketStatus, changeId: failed.changeId },
    loaded.recipient,
    { now, settings: settings.core, budgetSpentEur, recentSendCounts: loaded.recentSendCounts },
  );
  const channel = fallbackChannel(h.channel, plan, failure);
  if (!channel) return null;
  const cp = plan.channels[channel];
  const at = ts(now);
  const status: NotificationStatus = 'planned';
  try {
    await deps.db
      .collection(COLLECTIONS.history)
      .doc(cp.notificationId)
      .create({
        customerId: ticket.customerId ?? null,
        clientId: ticket.clientId,
        ticketId: h.ticketId,
        type: channel,
        channel,
        kind: h.kind,
        priority: plan.priority,
        changeId: failed.changeId,
        ticketStatus: h.ticketStatus,
        variables: Object.keys(h.variables).length > 0 ? h.variables : null,
        status,
        to: cp.to,
        priceZone: plan.phone?.zone ?? null,
        audience: plan.audience,
        basis: cp.basis,
        rule: plan.rule,
        phoneSource: plan.phoneSource,
        planSkips: {},
        fallbackOf: failed.notificationId,
        skipReason: null,
        reasonText: null,
        notBefore: null,
        holdExpiresAt: null,
        ...unsentHistoryFields(at),
        timeline: [
          { status, at, source: 'callback', detail: `fallback_of:${failed.notificationId}` },
        ],
      });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  await deps.queue.enqueue({ notificationId: cp.notificationId }, { id: cp.notificationId });
  logs.notificationPlanned({
    notificationId: cp.notificationId,
    ticketId: h.ticketId,
    kind: h.kind,
    channel,
    action: 'send',
    reason: `fallback of ${failed.notificationId}`,
  });
  return { channel, notificationId: cp.notificationId };
}
