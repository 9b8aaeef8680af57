// The staff side of customer actions (issue 16): the decision fields of a ticket, a ticket's
// action log (the shop's proof), the "À traiter" worklist, and marking a task handled. The log
// documents are written by `src/actions/apply.ts`; this module only reads them and sets the
// staff's `handledAt` / `handledBy`.
import { ACTION_REFUSAL_TEXT, type ActionRefusal, isCustomerAction } from '@omega/core';
import type { DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { ApiError, iso, notFound, num, str } from '../../http/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { ts } from '../../store/timestamps.ts';
import type { ActionLogItem, StaffTodoItem, TicketDecision } from '../types.ts';

/** How many open tasks the worklist reads (an inbox, not an archive). */
export const TODO_LIMIT = 100;
/** How many log entries a ticket shows. */
export const LOG_LIMIT = 100;

/** Log ids as the writer makes them (`sid_<MessageSid>`, `web_<linkId>_<nonce>`). */
export const ACTION_ID_PATTERN = /^(sid|web)_[A-Za-z0-9_-]{1,190}$/;

/** The decision fields of a ticket document (`null` where absent or unreadable). */
export function ticketDecision(doc: DocumentSnapshot): TicketDecision {
  const decision = doc.get('quoteDecision');
  const planned = str(doc.get('pickupPlannedFor'));
  const last = doc.get('lastCustomerAction') as { at?: unknown } | null | undefined;
  return {
    quoteDecision: decision === 'accepted' || decision === 'declined' ? decision : null,
    quoteDecidedAt: iso(doc.get('quoteDecidedAt')),
    quoteDecisionAmountEur: num(doc.get('quoteDecisionAmountEur')),
    quoteDecisionActionId: str(doc.get('quoteDecisionActionId')),
    pickupPlannedFor: planned && /^\d{4}-\d{2}-\d{2}$/.test(planned) ? planned : null,
    callbackRequestedAt: iso(doc.get('callbackRequestedAt')),
    appointmentConfirmedAt: iso(doc.get('appointmentConfirmedAt')),
    appointmentChangeRequestedAt: iso(doc.get('appointmentChangeRequestedAt')),
    lastCustomerActionAt: iso(last?.at),
  };
}

function isRefusal(value: unknown): value is ActionRefusal {
  return typeof value === 'string' && value in ACTION_REFUSAL_TEXT;
}

/** A `ticket_actions` document as the dashboard shows it. */
export function actionLogItem(doc: DocumentSnapshot): ActionLogItem {
  const d = doc.data() ?? {};
  const shown = (d.shown ?? {}) as Record<string, unknown>;
  const reason = str(d.reason);
  const channel = d.channel === 'sms' || d.channel === 'web' ? d.channel : 'whatsapp';
  return {
    id: doc.id,
    ticketId: str(d.ticketId),
    action: isCustomerAction(d.action) ? d.action : (str(d.action) ?? '?'),
    outcome: d.outcome === 'applied' ? 'applied' : 'refused',
    reason,
    // Today's wording of the reason (the stored text is the one of the day it was refused).
    reasonText: isRefusal(reason) ? ACTION_REFUSAL_TEXT[reason] : str(d.reasonText),
    channel,
    via: str(d.via),
    messageSid: str(d.messageSid),
    linkId: str(d.linkId),
    at: iso(d.at),
    shown: {
      text: str(shown.text) ?? '',
      amountEur: num(shown.amountEur),
      notificationId: str(shown.notificationId),
    },
    customerId: str(d.customerId),
    clientId: str(d.clientId),
    staffTodo: d.staffTodo === true,
    staffPriority: num(d.staffPriority) ?? 0,
    handledAt: iso(d.handledAt),
    handledBy: str(d.handledBy),
  };
}

/** A ticket's action log, newest first. */
export async function ticketActionLog(db: Firestore, ticketId: string): Promise<ActionLogItem[]> {
  const snap = await db
    .collection(COLLECTIONS.ticketActions)
    .where('ticketId', '==', ticketId)
    .orderBy('at', 'desc')
    .limit(LOG_LIMIT)
    .get();
  return snap.docs.map(actionLogItem);
}

/**
 * The open staff tasks (`staffTodo == true`): by `staffPriority` (0 first: callbacks), then
 * oldest first, at most {@link TODO_LIMIT} (`more` when there are others); each with the customer
 * who acted, the ticket and their conversation's number.
 */
export async function staffTodo(db: Firestore): Promise<{ items: StaffTodoItem[]; more: boolean }> {
  const snap = await db
    .collection(COLLECTIONS.ticketActions)
    .where('staffTodo', '==', true)
    .orderBy('staffPriority', 'asc')
    .orderBy('at', 'asc')
    .limit(TODO_LIMIT + 1)
    .get();
  // One more than shown: whether the list goes on (said, never silently cut).
  const more = snap.docs.length > TODO_LIMIT;
  const items = snap.docs.slice(0, TODO_LIMIT).map((doc) => ({
    item: actionLogItem(doc),
    ticketClientId: str(doc.get('ticketClientId')),
  }));
  const ticketIds = [...new Set(items.map((i) => i.item.ticketId).filter(isString))];
  const tickets = new Map<string, DocumentSnapshot>();
  if (ticketIds.length > 0)
    for (const t of await db.getAll(
      ...ticketIds.map((id) => db.collection(COLLECTIONS.tickets).doc(id)),
    ))
      if (t.exists) tickets.set(t.id, t);
  // Who the task is about: the customer who acted (for a tap on another customer's ticket,
  // the one who tapped), else the ticket's owner.
  const owners = items.map(({ item, ticketClientId }) => {
    const ticket = item.ticketId ? tickets.get(item.ticketId) : undefined;
    return {
      customerId: item.customerId ?? (item.clientId ? null : str(ticket?.get('customerId'))),
      clientId: item.clientId ?? ticketClientId ?? str(ticket?.get('clientId')),
    };
  });
  const [names, conversations] = await Promise.all([
    customerNames(db, owners),
    conversationsOf(db, owners.map((o) => o.clientId).filter(isString)),
  ]);
  const todo = items.map(({ item }, i) => {
    const owner = owners[i] ?? { customerId: null, clientId: null };
    const ticket = item.ticketId ? tickets.get(item.ticketId) : undefined;
    const customer = owner.customerId
      ? { kind: 'profile' as const, id: owner.customerId }
      : owner.clientId
        ? { kind: 'client' as const, id: owner.clientId }
        : null;
    return {
      ...item,
      customer: customer
        ? {
            ...customer,
            name:
              names.get(`${customer.kind}:${customer.id}`) ??
              (owner.clientId ? (names.get(`client:${owner.clientId}`) ?? null) : null),
          }
        : null,
      ticket: ticket
        ? {
            id: ticket.id,
            device: str(ticket.get('device')) ?? '',
            trackingCode: str(ticket.get('trackingCode')) ?? '',
            status: str(ticket.get('status')) ?? '?',
          }
        : null,
      conversation: owner.clientId ? (conversations.get(owner.clientId) ?? null) : null,
    };
  });
  return { items: todo, more };
}

function isString(value: string | null | undefined): value is string {
  return typeof value === 'string' && value !== '';
}

async function customerNames(
  db: Firestore,
  owners: Array<{ customerId: string | null; clientId: string | null }>,
): Promise<Map<string, string>> {
  const keys = [
    ...new Set(
      owners.flatMap((o) => [
        o.customerId ? `profile:${o.customerId}` : null,
        o.clientId ? `client:${o.clientId}` : null,
      ]),
    ),
  ].filter(isString);
  const out = new Map<string, string>();
  if (keys.length === 0) return out;
  const snaps = await db.getAll(
    ...keys.map((k) => {
      const [kind, id] = k.split(/:(.*)/s) as [string, string];
      return db.collection(kind === 'profile' ? COLLECTIONS.profiles : COLLECTIONS.clients).doc(id);
    }),
  );
  snaps.forEach((s, i) => {
    if (!s.exists) return;
    const key = keys[i] as string;
    const name = key.startsWith('profile:')
      ? [str(s.get('firstName')), str(s.get('lastName'))].filter(Boolean).join(' ')
      : str(s.get('name'));
    if (name) out.set(key, name);
  });
  return out;
}

/** Each client's conversation number (their most recent one), where they have written. */
async function conversationsOf(db: Firestore, clientIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    [...new Set(clientIds)].map(async (clientId) => {
      const snap = await db
        .collection(COLLECTIONS.conversations)
        .where('clientId', '==', clientId)
        .limit(5)
        .get();
      const latest = snap.docs
        .map((d) => ({ e164: d.id, at: iso(d.get('lastInboundAt')) ?? '' }))
        .sort((a, b) => b.at.localeCompare(a.at))[0];
      if (latest) out.set(clientId, latest.e164);
    }),
  );
  return out;
}

/**
 * Marks a staff task handled (`handledAt`, `handledBy`, `staffTodo: false`) in a transaction.
 * Idempotent: a task already handled is answered as it stands (the first handler and time
 * kept). 404 for an unknown id; 409 `not_a_task` for an entry that never asked anything of staff.
 */
export async function markActionHandled(
  db: Firestore,
  actionId: string,
  staffUid: string,
  now: Date,
): Promise<{ item: ActionLogItem; alreadyHandled: boolean }> {
  const ref = db.collection(COLLECTIONS.ticketActions).doc(actionId);
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) throw notFound('Réponse client');
    const item = actionLogItem(snap);
    if (item.handledAt !== null) return { item, alreadyHandled: true };
    if (!item.staffTodo)
      throw new ApiError(
        409,
        'not_a_task',
        'Cette réponse du client ne demande rien au personnel : rien à marquer traité.',
      );
    tx.update(ref, { handledAt: ts(now), handledBy: staffUid, staffTodo: false });
    return {
      item: { ...item, handledAt: now.toISOString(), handledBy: staffUid, staffTodo: false },
      alreadyHandled: false,
    };
  });
}
