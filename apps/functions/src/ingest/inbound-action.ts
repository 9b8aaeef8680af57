import {
  actionForText,
  actionsOfferedBy,
  type CustomerAction,
  type InboundIntent,
  isCustomerAction,
  type MessagingChannel,
  type NotificationKind,
} from '@omega/core';
import type { QuickReplyAction } from '@omega/templates';
import { applyCustomerAction, type CustomerActionOutcome } from '../actions/apply.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { ts } from '../store/timestamps.ts';

/**
 * A free-text answer ("OUI", "DEMAIN") counts as an action only for a message that offered it
 * and was sent within this many hours (the chasers' rhythm: a "oui" days later is for staff).
 */
export const ACTION_TEXT_HOURS = 72;

/** The latest notification sent to a number that offers actions (core's `actionsOfferedBy`). */
export interface LastOffer {
  notificationId: string;
  kind: NotificationKind;
  ticketId: string;
  sentAt: Date;
}

/** The action an inbound message asks for, and where it comes from. */
export interface InboundActionRequest {
  ticketId: string;
  action: CustomerAction;
  via: 'whatsapp_button' | 'message';
  /** The notification it answers, when known (a keyword answers the latest offer). */
  notificationId: string | null;
  /** What the customer saw and chose, for the log. */
  shown: string;
}

/**
 * The customer action an inbound message asks for (pure):
 * - a quick-reply button whose payload names an action (`ticket:<id>:quote_accept`) — whatever
 *   ticket it names: the writer refuses a ticket that is not the sender's, and logs it;
 * - otherwise a message that is not a keyword (STOP, AIDE…: those win) and is, whole, one of
 *   the keywords of an action the latest offering message proposed, sent within
 *   {@link ACTION_TEXT_HOURS} (core's `actionForText`: "OUI" after a quote, "DEMAIN" after the
 *   ready message);
 * - otherwise `null`.
 */
export function inboundActionOf(input: {
  button: { ticketId: string; action: QuickReplyAction } | null;
  buttonText: string | null;
  body: string;
  intent: InboundIntent;
  lastOffer: LastOffer | null;
  now: Date;
}): InboundActionRequest | null {
  if (input.button) {
    if (!isCustomerAction(input.button.action)) return null;
    return {
      ticketId: input.button.ticketId,
      action: input.button.action,
      via: 'whatsapp_button',
      notificationId: null,
      shown: `Bouton « ${input.buttonText ?? input.body} »`,
    };
  }
  if (input.intent !== 'escalate' || !input.lastOffer) return null;
  const age = input.now.getTime() - input.lastOffer.sentAt.getTime();
  if (age < 0 || age > ACTION_TEXT_HOURS * 3_600_000) return null;
  const action = actionForText(input.body, actionsOfferedBy(input.lastOffer.kind));
  if (!action) return null;
  return {
    ticketId: input.lastOffer.ticketId,
    action,
    via: 'message',
    notificationId: input.lastOffer.notificationId,
    shown: `Réponse « ${input.body.slice(0, 200)} » au message ${input.lastOffer.kind}`,
  };
}

/**
 * Applies an inbound message's action (the writer is idempotent on the message SID: a
 * redelivered webhook gets the first outcome back) and, when the writer left a task for staff
 * (a callback, a declined quote, a refused payload), marks the conversation for them.
 */
export async function applyInboundAction(
  deps: PipelineDeps,
  input: {
    request: InboundActionRequest;
    messageSid: string;
    channel: MessagingChannel;
    e164: string;
    owner: { clientId: string | null; customerId: string | null };
    at: Date;
  },
): Promise<CustomerActionOutcome> {
  const outcome = await applyCustomerAction(deps.db, {
    ticketId: input.request.ticketId,
    action: input.request.action,
    proof: {
      via: input.request.via,
      channel: input.channel,
      messageSid: input.messageSid,
      e164: input.e164,
    },
    actor: input.owner,
    shown: { text: input.request.shown, notificationId: input.request.notificationId },
    at: input.at,
  });
  if (outcome.staffTodo) {
    await deps.db
      .collection(COLLECTIONS.conversations)
      .doc(input.e164)
      .set(
        {
          needsStaff: true,
          escalatedAt: ts(input.at),
          pendingAction: { action: input.request.action, actionId: outcome.actionId },
        },
        { merge: true },
      );
  }
  return outcome;
}
