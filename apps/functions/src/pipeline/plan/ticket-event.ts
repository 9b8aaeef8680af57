import {
  CHANNELS,
  type Channel,
  type ChannelPlan,
  type NotificationKind,
  type NotificationPlan,
  notificationId,
  notificationKindForStatus,
  PRIORITY_BY_KIND,
  type Priority,
  planNotification,
  type SkipReason,
  type TicketStatus,
} from '@omega/core';
import type { DocumentReference, WriteBatch } from 'firebase-admin/firestore';
import { logs } from '../../logs.ts';
import { isAlreadyExists } from '../../store/claims.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { parseDoc, type TicketDoc, ticketSchema } from '../../store/documents.ts';
import { addNotification, historyRef, readHistory, UNRECORDED_SKIPS } from '../../store/history.ts';
import { addStats, bump, type Counters, counterName } from '../../store/stats.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps } from '../deps.ts';
import { skipReasonText } from '../reasons.ts';
import { type InvalidDocument, loadRecipient } from '../recipient.ts';
import { addTicketLink } from '../short-links.ts';
import { prepareSurvey } from './satisfaction.ts';

/** A ticket write, as the Firestore triggers receive it. */
export interface TicketWrite {
  ticketId: string;
  /** The document before the write; `null` when it was created. */
  before: Record<string, unknown> | null;
  /** The document after the write. */
  after: Record<string, unknown>;
  /**
   * The write's identity: the document's `createTime` (creation) or `updateTime` (update) as
   * Firestore reports it, full precision. The same write redelivered has the same value.
   */
  writeTime: string;
}

/** What the trigger did for one channel. */
export interface PlannedChannel {
  notificationId: string;
  channel: Channel;
  kind: NotificationKind;
  action: 'send' | 'defer' | 'hold' | 'skip';
  reason: SkipReason | null;
  /** Whether a history document was written for it. */
  recorded: boolean;
}

/** The result of {@link planTicketWrite}. */
export interface TicketWriteOutcome {
  kinds: NotificationKind[];
  channels: PlannedChannel[];
  /** The event had been handled before (a redelivered trigger): nothing new was written. */
  redelivered: boolean;
}

function timeOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const t = value as { toMillis?: () => number };
  if (typeof t.toMillis === 'function') return t.toMillis();
  if (value instanceof Date) return value.getTime();
  return null;
}

/**
 * The notification kinds a ticket write calls for: creation → welcome (walk-in) or ticket
 * received; update → the new status's kind when the status changed, `appointment_changed`
 * when the appointment changed; anything else → none.
 */
export function kindsForWrite(
  before: Record<string, unknown> | null,
  after: TicketDoc,
): NotificationKind[] {
  const walkIn = !after.customerId;
  if (before === null) return [notificationKindForStatus('received', { walkIn })];
  const kinds: NotificationKind[] = [];
  if (before.status !== after.status)
    kinds.push(notificationKindForStatus(after.status, { walkIn }));
  const appointmentBefore = timeOf(before.appointmentAt);
  const appointmentAfter = after.appointmentAt ? after.appointmentAt.getTime() : null;
  if (appointmentBefore !== appointmentAfter && appointmentAfter !== null)
    kinds.push('appointment_changed');
  return kinds;
}

/**
 * The ticket trigger's handler (created and updated): loads the recipient, asks core for a
 * plan, and creates one `notification_history` document per planned channel with core's
 * deterministic id, in one batch with `create()` — a redelivered trigger finds them and writes
 * nothing — then enqueues the sends (task id = notification id, so a redelivery cannot queue
 * a second task either). Channels the cascade skipped are recorded on the sent ones
 * (`planSkips`); when nothing goes out at all, each skipped channel gets its own document with
 * the reason.
 */
export async function planTicketWrite(
  deps: PipelineDeps,
  write: TicketWrite,
): Promise<TicketWriteOutcome> {
  const parsed = parseDoc(ticketSchema, write.after);
  const kinds = parsed.ok
    ? kindsForWrite(write.before, parsed.value)
    : kindsForUnreadableWrite(write.before, write.after);
  const requests = kinds.map((kind) => ({
    kind,
    changeId: write.before === null ? `created:${write.writeTime}` : `${write.writeTime}/${kind}`,
  }));
  if (!parsed.ok) {
    logs.ticketDataMissing(write.ticketId, parsed.error.message);
    if (kinds.length === 0) {
      // Nothing to record (no kind: unchanged, or a status that is not one), staff still told.
      const batch = deps.db.batch();
      const invalid = {
        document: `${COLLECTIONS.tickets}/${write.ticketId}`,
        problem: parsed.error.message,
      };
      addInvalidDataAlert(deps, batch, invalid, write.ticketId, deps.clock());
      await batch.commit();
      return { kinds, channels: [], redelivered: false };
    }
    return recordUnreadableTicket(deps, {
      ticketId: write.ticketId,
      data: write.after,
      problem: parsed.error.message,
      requests,
    });
  }
  if (kinds.length === 0) {
    logs.triggerIgnored(write.ticketId, 'neither the status nor the appointment changed');
    return { kinds, channels: [], redelivered: false };
  }
  const outcome = await planNotifications(deps, {
    ticketId: write.ticketId,
    ticket: parsed.value,
    requests,
  });
  if (kinds.includes('status_picked_up')) {
    await planSurvey(deps, write.ticketId, parsed.value);
  }
  return outcome;
}

/**
 * The satisfaction survey of a ticket that has just been picked up (`prepareSurvey`): planned
 * in its own batch after the status notification, so a refused survey (another ticket of the
 * customer surveyed at the same moment) never touches it; a trigger that dies in between is
 * redelivered and plans it then.
 */
async function planSurvey(deps: PipelineDeps, ticketId: string, ticket: TicketDoc): Promise<void> {
  const survey = await prepareSurvey(deps, { ticketId, ticket, pickedUpAt: deps.clock() });
  if (survey.action === 'skip') return;
  if (survey.action === 'resume') {
    await enqueuePlanned(deps, ticketId, survey.changeId);
    return;
  }
  const planned = await planNotifications(deps, {
    ticketId,
    ticket,
    requests: [survey.request],
    marker: survey.marker,
  });
  if (!planned.redelivered) return;
  // Our documents existed (a redelivery), or another ticket's survey created the marker first.
  const marker = await survey.marker.ref.get();
  if (marker.get('ticketId') === ticketId) {
    await enqueuePlanned(deps, ticketId, survey.request.changeId);
  }
}

/**
 * The kinds a write of a ticket that does not parse calls for, from the fields they depend on,
 * each read on its own (`device: null` does not hide a status change): creation → welcome or
 * ticket received; a status changed to a ticket status → its kind; an appointment changed →
 * `appointment_changed`. A status changed to something that is not a ticket status calls for
 * no known message (correcting it is the status change that notifies).
 */
export function kindsForUnreadableWrite(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): NotificationKind[] {
  const walkIn = !after.customerId;
  if (before === null) return [notificationKindForStatus('received', { walkIn })];
  const kinds: NotificationKind[] = [];
  const status = ticketSchema.shape.status.safeParse(after.status);
  if (before.status !== after.status && status.success)
    kinds.push(notificationKindForStatus(status.data, { walkIn }));
  const appointmentAfter = timeOf(after.appointmentAt);
  if (timeOf(before.appointmentAt) !== appointmentAfter && appointmentAfter !== null)
    kinds.push('appointment_changed');
  return kinds;
}

/** One notification to plan: what it is about and the identity of the change behind it. */
export interface NotificationRequest {
  kind: NotificationKind;
  /** Deterministic: the same request planned twice gives the same notification ids. */
  changeId: string;
  /**
   * Template variables the ticket does not carry (an urgent message's text). Stored on each
   * history document, so a retry or a deferred send renders the same words.
   */
  variables?: Readonly<Record<string, string>>;
  /**
   * Core's last word on the cascade's plan before it is written (the satisfaction survey:
   * core's `surveyPlan`, one channel, not before the next morning).
   */
  adjust?: (plan: NotificationPlan) => NotificationPlan;
}

/**
 * Plans notifications about one ticket (trigger, pickup reminders, staff messages): loads the
 * recipient, asks core's `planNotification`, creates the history documents in one batch of
 * `create()`s and enqueues the sends. Idempotent per `changeId`.
 */
export async function planNotifications(
  deps: PipelineDeps,
  input: {
    ticketId: string;
    ticket: TicketDoc;
    requests: NotificationRequest[];
    /** What asks: a ticket write (default), or a reminder (pickup ladder, payment reminder). */
    origin?: 'ticket' | 'reminder';
    /**
     * A document `create()`d in the same batch as the history documents (a schedule's marker):
     * it exists exactly when they do.
     */
    marker?: PlanMarker;
  },
): Promise<TicketWriteOutcome> {
  const { ticket } = input;
  const kinds = input.requests.map((r) => r.kind);
  const write = { ticketId: input.ticketId };
  const now = deps.clock();
  // Settings and the month's spend come from a short cache; when it is cold they are read
  // alongside the recipient's first batch (only the phone parsing waits for the settings).
  const settingsRead = deps.settings.get();
  const [settings, loaded, budgetSpentEur] = await Promise.all([
    settingsRead,
    loadRecipient(
      deps.db,
      {
        clientId: ticket.clientId,
        customerId: ticket.customerId ?? null,
        ticketId: write.ticketId,
      },
      {
        defaultCountry: settingsRead.then((s) => s.core.defaultCountry),
        now,
        withCounts: true,
      },
    ),
    deps.settings.budgetSpentEur(now),
  ]);

  const batch = deps.db.batch();
  const counters: Counters = {};
  const out: PlannedChannel[] = [];
  const toEnqueue: Array<{ id: string; at: Date | undefined }> = [];

  for (const { kind, changeId, variables, adjust } of input.requests) {
    if (loaded.invalid) {
      out.push(
        ...addUnreadable(deps, batch, counters, loaded.invalid, {
          origin: input.origin ?? 'ticket',
          ticketId: write.ticketId,
          ticket,
          kind,
          changeId,
          variables,
          now,
        }),
      );
      continue;
    }
    const cascade = planNotification(
      { kind, ticketId: write.ticketId, ticketStatus: ticket.status, changeId },
      loaded.recipient,
      { now, settings: settings.core, budgetSpentEur, recentSendCounts: loaded.recentSendCounts },
    );
    const plan = adjust ? adjust(cascade) : cascade;
    const active = CHANNELS.filter((c) => plan.channels[c].outcome.action !== 'skip');
    const planSkips: Partial<Record<Channel, SkipReason>> = {};
    for (const c of CHANNELS) {
      const o = plan.channels[c].outcome;
      if (o.action === 'skip') planSkips[c] = o.reason;
    }

    for (const channel of CHANNELS) {
      const cp: ChannelPlan = plan.channels[channel];
      const o = cp.outcome;
      const skipReason = o.action === 'skip' ? o.reason : null;
      // Skipped channels get their own document only when nothing goes out for this event.
      const record =
        o.action !== 'skip' || (active.length === 0 && !UNRECORDED_SKIPS.has(o.reason));
      out.push({
        notificationId: cp.notificationId,
        channel,
        kind,
        action: o.action,
        reason: skipReason,
        recorded: record,
      });
      if (!record) continue;

      const status =
        o.action === 'send'
          ? 'planned'
          : o.action === 'defer'
            ? 'deferred'
            : o.action === 'hold'
              ? 'held'
              : 'skipped';
      const to =
        channel === 'push' ? `push:${loaded.profile?.pushTokens?.length ?? 0}` : (cp.to ?? null);
      addNotification(batch, deps.db, cp.notificationId, {
        status,
        at: now,
        source: 'pipeline',
        detail: skipReason ?? undefined,
        whatsappMode: channel === 'whatsapp' ? (cp.whatsappMode ?? null) : null,
        fields: {
          ...identityFields({
            origin: input.origin ?? 'ticket',
            ticketId: write.ticketId,
            ticket,
            channel,
            kind,
            priority: plan.priority,
            changeId,
            variables,
          }),
          to,
          priceZone:
            channel === 'sms' || channel === 'whatsapp' ? (plan.phone?.zone ?? null) : null,
          audience: plan.audience,
          basis: cp.basis,
          rule: plan.rule,
          phoneSource: plan.phoneSource,
          planSkips,
          skipReason,
          reasonText: skipReason ? skipReasonText(skipReason) : null,
          notBefore: o.action === 'defer' ? ts(o.until) : null,
          holdExpiresAt: o.action === 'hold' ? ts(o.expiresAt) : null,
        },
      });
      if (o.action === 'skip') {
        counters[`${channel}_skipped`] = (counters[`${channel}_skipped`] ?? 0) + 1;
        const name = counterName(channel, 'skip', o.reason);
        counters[name] = (counters[name] ?? 0) + 1;
      } else if (o.action === 'defer') {
        counters[`${channel}_deferred`] = (counters[`${channel}_deferred`] ?? 0) + 1;
        toEnqueue.push({ id: cp.notificationId, at: o.until });
      } else if (o.action === 'hold') {
        counters[`${channel}_held`] = (counters[`${channel}_held`] ?? 0) + 1;
      } else {
        toEnqueue.push({ id: cp.notificationId, at: undefined });
      }
      logs.notificationPlanned({
        notificationId: cp.notificationId,
        ticketId: write.ticketId,
        kind,
        channel,
        action: o.action,
        reason: skipReason ?? undefined,
      });
    }
  }

  if (toEnqueue.length > 0) {
    addTicketLink(
      batch,
      deps.db,
      {
        ticketId: input.ticketId,
        clientId: ticket.clientId,
        customerId: ticket.customerId ?? null,
        generation: ticket.shortLinkGeneration,
        now,
      },
      { secret: deps.config.shortLinkSecret },
    );
  }
  // The statistics of what was planned (skipped, deferred, held) commit with the documents
  // they count: a redelivered trigger's batch fails as a whole and counts nothing twice.
  const marker = input.marker;
  if (marker && !(marker.onlyIfSent && toEnqueue.length === 0)) {
    if (marker.lastUpdateTime) {
      batch.update(marker.ref, marker.data, { lastUpdateTime: marker.lastUpdateTime });
    } else batch.create(marker.ref, marker.data);
    for (const [name, n] of Object.entries(marker.counters ?? {})) bump(counters, name, n);
  }
  addStats(batch, deps.db, now, counters);
  // Same write seen before: its documents exist. Enqueue again anyway (deduplicated by task
  // id), in case the first run stopped between the commit and the enqueue.
  const redelivered = await commitPlan(batch, toEnqueue.map((t) => t.id).join(','));
  await deps.faults?.hit('after_plan', input.ticketId);
  await Promise.all(
    toEnqueue.map((t) =>
      deps.queue.enqueue({ notificationId: t.id }, { id: t.id, scheduleTime: t.at }),
    ),
  );
  await deps.faults?.hit('after_enqueue', input.ticketId);
  return { kinds, channels: out, redelivered };
}

/**
 * Enqueues the sends of a request planned before (a planner that died between its commit and
 * its enqueue): each channel's document of `changeId` that is `planned` (now) or `deferred` (at
 * its `notBefore`); task id = notification id, so a send already queued is not queued again.
 */
export async function enqueuePlanned(
  deps: PipelineDeps,
  ticketId: string,
  changeId: string,
): Promise<string[]> {
  const refs = CHANNELS.map((channel) =>
    historyRef(deps.db, notificationId({ ticketId, changeId, channel })),
  );
  const snaps = await deps.db.getAll(...refs);
  const waiting = snaps.flatMap((snap) => {
    const h = snap.exists ? readHistory(snap.data()) : null;
    if (h?.status === 'planned') return [{ id: snap.id, at: undefined }];
    if (h?.status === 'deferred') return [{ id: snap.id, at: h.notBefore ?? undefined }];
    return [];
  });
  await Promise.all(
    waiting.map((t) =>
      deps.queue.enqueue({ notificationId: t.id }, { id: t.id, scheduleTime: t.at }),
    ),
  );
  return waiting.map((t) => t.id);
}

/** A document a planner creates in the batch of its history documents (a schedule's marker). */
export interface PlanMarker {
  ref: DocumentReference;
  data: Record<string, unknown>;
  /**
   * Update the existing document under this update-time precondition instead of creating it
   * (the customer's survey record: a concurrent survey of another ticket fails the batch).
   */
  lastUpdateTime?: FirebaseFirestore.Timestamp | null;
  /** Written only when something goes out (planned or deferred), with these counters. */
  onlyIfSent?: boolean;
  counters?: Counters;
}

/** Commits a planner's batch of `create()`s: `true` when they existed already (a redelivery). */
async function commitPlan(batch: WriteBatch, ids: string): Promise<boolean> {
  try {
    await batch.commit();
    return false;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    logs.notificationAlreadyPlanned(ids);
    return true;
  }
}

/** What the history documents of a ticket say about it: read from a parsed or a raw ticket. */
interface TicketIdentity {
  clientId: string | null;
  customerId?: string | null | undefined;
  /** `null`: the ticket's status is not readable. */
  status: TicketStatus | null;
}

/** The identity fields of a ticket that does not parse, each read on its own. */
function readableIdentity(data: Record<string, unknown>): TicketIdentity {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const status = ticketSchema.shape.status.safeParse(data.status);
  return {
    clientId: text(data.clientId),
    customerId: text(data.customerId),
    status: status.success ? status.data : null,
  };
}

/**
 * Fail closed on a ticket that does not parse (`device: null`, `amountDueEur: "45"`): nothing is
 * sent on it, and nothing is dropped silently. Each request is recorded on every channel as
 * skipped `invalid_data` — the planner does not run the cascade on a ticket it cannot read, so
 * no channel is guessed (the same rule as an unreadable client or profile) — with
 * `tickets/{id}` and the field in the reason, in one batch of `create()`s with the statistics
 * (and `marker`); staff are alerted once per document. A redelivery writes and counts nothing.
 */
export async function recordUnreadableTicket(
  deps: PipelineDeps,
  input: {
    ticketId: string;
    data: Record<string, unknown>;
    /** What does not parse (`device: Invalid input…`). */
    problem: string;
    requests: NotificationRequest[];
    origin?: 'ticket' | 'reminder';
    marker?: PlanMarker;
  },
): Promise<TicketWriteOutcome> {
  const now = deps.clock();
  const batch = deps.db.batch();
  const counters: Counters = {};
  const invalid = { document: `${COLLECTIONS.tickets}/${input.ticketId}`, problem: input.problem };
  const ticket = readableIdentity(input.data);
  const channels = input.requests.flatMap(({ kind, changeId, variables }) =>
    addUnreadable(deps, batch, counters, invalid, {
      origin: input.origin ?? 'ticket',
      ticketId: input.ticketId,
      ticket,
      kind,
      changeId,
      variables,
      now,
    }),
  );
  addStats(batch, deps.db, now, counters);
  if (input.marker) batch.create(input.marker.ref, input.marker.data);
  const redelivered = await commitPlan(batch, channels.map((c) => c.notificationId).join(','));
  return { kinds: input.requests.map((r) => r.kind), channels, redelivered };
}

/** Who and what a notification of a ticket is: the fields every planned channel starts with. */
function identityFields(input: {
  origin: 'ticket' | 'reminder';
  ticketId: string;
  ticket: TicketIdentity;
  channel: Channel;
  kind: NotificationKind;
  priority: Priority;
  changeId: string;
  variables: Readonly<Record<string, string>> | undefined;
}) {
  return {
    origin: input.origin,
    customerId: input.ticket.customerId ?? null,
    clientId: input.ticket.clientId,
    ticketId: input.ticketId,
    type: input.channel,
    channel: input.channel,
    kind: input.kind,
    priority: input.priority,
    changeId: input.changeId,
    ticketStatus: input.ticket.status,
    variables: input.variables ?? null,
  };
}

/**
 * Fail closed: an unreadable client, profile or ticket is never guessed at (a client or profile
 * read as a walk-in's). Every channel of the request is recorded skipped (`invalid_data`, the
 * document and the problem in its reason) in the planner's batch, and staff are alerted once
 * per document.
 */
function addUnreadable(
  deps: PipelineDeps,
  batch: WriteBatch,
  counters: Counters,
  invalid: InvalidDocument,
  request: Omit<Parameters<typeof identityFields>[0], 'channel' | 'priority'> & { now: Date },
): PlannedChannel[] {
  const reasonText = `${skipReasonText('invalid_data')} (${invalid.document} : ${invalid.problem})`;
  const out: PlannedChannel[] = [];
  for (const channel of CHANNELS) {
    const id = notificationId({ ticketId: request.ticketId, changeId: request.changeId, channel });
    addNotification(batch, deps.db, id, {
      status: 'skipped',
      at: request.now,
      source: 'pipeline',
      detail: `invalid_data:${invalid.document}`,
      fields: {
        ...identityFields({ ...request, channel, priority: PRIORITY_BY_KIND[request.kind] }),
        to: null,
        priceZone: null,
        planSkips: {},
        skipReason: 'invalid_data',
        reasonText,
        invalidDocument: invalid.document,
        notBefore: null,
        holdExpiresAt: null,
      },
    });
    bump(counters, `${channel}_skipped`);
    bump(counters, counterName(channel, 'skip', 'invalid_data'));
    out.push({
      notificationId: id,
      channel,
      kind: request.kind,
      action: 'skip',
      reason: 'invalid_data',
      recorded: true,
    });
  }
  addInvalidDataAlert(deps, batch, invalid, request.ticketId, request.now);
  return out;
}

/** The staff alert of a document that does not parse: one per document, rewritten each time. */
function addInvalidDataAlert(
  deps: PipelineDeps,
  batch: WriteBatch,
  invalid: InvalidDocument,
  ticketId: string,
  now: Date,
): void {
  batch.set(
    deps.db
      .collection(COLLECTIONS.alerts)
      .doc(`invalid_data_${invalid.document.replace('/', '_')}`),
    {
      kind: 'invalid_data',
      document: invalid.document,
      problem: invalid.problem,
      ticketId,
      at: ts(now),
      acknowledgedAt: null,
    },
  );
  logs.alert('invalid_data', { document: invalid.document, ticketId });
}
