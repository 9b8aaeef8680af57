import {
  ACTION_REFUSAL_TEXT,
  type ActionDecision,
  type ActionReplyKey,
  type ActionTicketState,
  actionReplyKey,
  CUSTOMER_ACTION_TABLE,
  type CustomerAction,
  decideCustomerAction,
  SHOP_TIME_ZONE,
} from '@omega/core';
import type { DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS } from '../store/collections.ts';
import { parseDoc, ticketSchema } from '../store/documents.ts';
import { ts } from '../store/timestamps.ts';
import { addShopEmail, shopEmailId } from './shop-email-outbox.ts';

/**
 * How the customer acted, and the proof the shop keeps: the Twilio message (a quick-reply tap,
 * or a keyword inside the window) or the landing page's form (its link, its nonce, a keyed hash
 * of the address it came from).
 */
export type ActionProof =
  | {
      via: 'whatsapp_button' | 'message';
      channel: 'whatsapp' | 'sms';
      messageSid: string;
      e164: string;
    }
  | { via: 'web'; linkId: string; nonce: string; ipHash: string | null };

/** One customer action to apply. */
export interface CustomerActionInput {
  ticketId: string;
  action: CustomerAction;
  proof: ActionProof;
  /** Who acts: the owner of the number that wrote, or of the link that was opened. */
  actor: { clientId: string | null; customerId: string | null };
  /** The wording the customer saw when acting (the page's quote text, the message they answered). */
  shown: { text: string; notificationId: string | null };
  at: Date;
}

/** What applying did. */
export type CustomerActionOutcome =
  | {
      outcome: 'applied' | 'refused';
      actionId: string;
      decision: ActionDecision;
      replyKey: ActionReplyKey;
      /** The log left a task for staff ("À traiter"). */
      staffTodo: boolean;
    }
  | {
      /** The same message SID or form nonce again: nothing changed, the first answer stands. */
      outcome: 'duplicate';
      actionId: string;
      earlier: 'applied' | 'refused';
      replyKey: ActionReplyKey;
      /** The first outcome's log still holds an open task for staff. */
      staffTodo: boolean;
    };

/** The log id of an action: one per Twilio message, one per form submission. */
export function actionIdOf(proof: ActionProof): string {
  return proof.via === 'web' ? `web_${proof.linkId}_${proof.nonce}` : `sid_${proof.messageSid}`;
}

function channelOf(proof: ActionProof): 'whatsapp' | 'sms' | 'web' {
  return proof.via === 'web' ? 'web' : proof.channel;
}

/**
 * The ticket as core's decision reads it, from the ticket's schema (`store/documents.ts`); `null`
 * when the ticket is missing or does not parse — never guessed at.
 */
function ticketState(snap: DocumentSnapshot): ActionTicketState | null {
  if (!snap.exists) return null;
  const parsed = parseDoc(ticketSchema, snap.data());
  if (!parsed.ok) return null;
  const t = parsed.value;
  return {
    status: t.status,
    clientId: t.clientId,
    customerId: t.customerId ?? null,
    quoteDecision: t.quoteDecision ?? null,
    amountEur: t.amountDueEur ?? null,
    appointmentAt: t.appointmentAt ?? null,
  };
}

/**
 * Applies a customer action, once. One Firestore transaction reads the ticket and
 * `ticket_actions/{actionId}` (already there: `duplicate`, nothing changes — a redelivered
 * webhook, a form posted twice), decides with core's `decideCustomerAction`, and writes together:
 * - the log document (applied or refused, with the reason, the proof and the wording shown: the
 *   shop's record that the customer approved a €249 repair);
 * - on an applied action, the ticket's documented fields (`quoteDecision`, `pickupPlannedFor`,
 *   `callbackRequestedAt`, …, docs/data-model.md) — two concurrent decisions on one quote cannot
 *   both apply: the transaction that loses re-reads the ticket and is refused;
 * - for a quote decision, the shop's email outbox document (`shop_emails/{actionId}`), sent by
 *   its trigger and re-driven by the sweeper.
 * A ticket that is missing or unreadable refuses the action as `wrong_status` (fail closed).
 */
export async function applyCustomerAction(
  db: Firestore,
  input: CustomerActionInput,
): Promise<CustomerActionOutcome> {
  const actionId = actionIdOf(input.proof);
  const logRef = db.collection(COLLECTIONS.ticketActions).doc(actionId);
  const ticketRef = db.collection(COLLECTIONS.tickets).doc(input.ticketId);
  return db.runTransaction(async (tx) => {
    const [logSnap, ticketSnap] = await tx.getAll(logRef, ticketRef);
    if (logSnap?.exists) {
      const earlier = logSnap.get('outcome') === 'applied' ? 'applied' : 'refused';
      const reason = logSnap.get('reason') as string | null;
      const replyKey = (
        earlier === 'applied' ? logSnap.get('action') : `refused_${reason}`
      ) as ActionReplyKey;
      const staffTodo = logSnap.get('staffTodo') === true;
      return { outcome: 'duplicate' as const, actionId, earlier, replyKey, staffTodo };
    }
    const ticket = ticketSnap ? ticketState(ticketSnap) : null;
    const decision: ActionDecision = ticket
      ? decideCustomerAction({
          action: input.action,
          ticket,
          actor: input.actor,
          now: input.at,
          timeZone: SHOP_TIME_ZONE,
        })
      : { apply: false, action: input.action, reason: 'wrong_status' };
    const at = ts(input.at);
    const def = CUSTOMER_ACTION_TABLE[input.action];
    const staffTodo = decision.apply
      ? def.notify.includes('staff_inbox')
      : decision.reason === 'other_customer';
    const proof = input.proof;
    tx.create(logRef, {
      ticketId: input.ticketId,
      action: input.action,
      outcome: decision.apply ? 'applied' : 'refused',
      reason: decision.apply ? null : decision.reason,
      reasonText: decision.apply ? null : ACTION_REFUSAL_TEXT[decision.reason],
      channel: channelOf(proof),
      via: proof.via,
      messageSid: proof.via === 'web' ? null : proof.messageSid,
      linkId: proof.via === 'web' ? proof.linkId : null,
      nonce: proof.via === 'web' ? proof.nonce : null,
      ipHash: proof.via === 'web' ? proof.ipHash : null,
      shown: {
        text: input.shown.text.slice(0, 2000),
        amountEur: ticket?.amountEur ?? null,
        notificationId: input.shown.notificationId,
      },
      customerId: input.actor.customerId,
      clientId: input.actor.clientId,
      ticketClientId: ticket?.clientId ?? null,
      at,
      staffTodo,
      staffPriority: decision.apply ? decision.staffPriority : 0,
      handledAt: null,
      handledBy: null,
    });
    if (decision.apply && ticket) {
      const c = decision.changes;
      const fields: Record<string, unknown> = {
        lastCustomerAction: { action: input.action, at, actionId },
      };
      if (c.quoteDecision) {
        fields.quoteDecision = c.quoteDecision;
        fields.quoteDecidedAt = at;
        fields.quoteDecisionActionId = actionId;
        fields.quoteDecisionAmountEur = ticket.amountEur;
      }
      if (c.pickupPlannedFor) {
        fields.pickupPlannedFor = c.pickupPlannedFor;
        fields.pickupPlannedAt = at;
      }
      if (c.callbackRequested) fields.callbackRequestedAt = at;
      if (c.appointmentConfirmed) fields.appointmentConfirmedAt = at;
      if (c.appointmentChangeRequested) fields.appointmentChangeRequestedAt = at;
      tx.update(ticketRef, fields);
      if (decision.notify.includes('shop_email')) {
        addShopEmail(tx, db, shopEmailId(actionId), {
          actionId,
          ticketId: input.ticketId,
          action: input.action,
          channel: channelOf(proof),
          amountEur: ticket.amountEur,
          shownText: input.shown.text.slice(0, 2000),
          at: input.at,
        });
      }
    }
    return {
      outcome: decision.apply ? ('applied' as const) : ('refused' as const),
      actionId,
      decision,
      replyKey: actionReplyKey(decision),
      staffTodo,
    };
  });
}
