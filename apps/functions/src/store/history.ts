import {
  CHANNELS,
  type Channel,
  type IllegalTransition,
  type NotificationKind,
  type NotificationStatus,
  nextStatus,
  type Priority,
  type SendOrigin,
  type SkipReason,
  type TicketStatus,
  type TransitionSource,
} from '@omega/core';
import {
  type DocumentReference,
  type DocumentSnapshot,
  FieldValue,
  type Firestore,
  type Timestamp,
  type WriteBatch,
} from 'firebase-admin/firestore';
import { z } from 'zod';
import { COLLECTIONS } from './collections.ts';
import { ts, zTimestamp } from './timestamps.ts';

/**
 * `store/history.ts` is the only module that writes `notification_history`. Planners create
 * documents with {@link addNotification}/{@link createNotification}; the send task, the
 * ingestion, the schedules and the staff API move them with the transition writers below, each
 * of which asks core's `nextStatus` first: an illegal move (a failure written over `delivered`,
 * a skipped message sent) is an {@link IllegalTransitionError}, never a silent overwrite.
 * Writes racing with status callbacks go through {@link commitMonotonic}.
 */

/** Where a timeline entry came from. */
export type TimelineSource = 'pipeline' | 'provider' | 'callback' | 'reconcile';

/** One entry of a history document's status timeline. */
export function timelineEntry(
  status: NotificationStatus,
  at: Timestamp,
  source: TimelineSource,
  detail?: string,
) {
  return detail ? { status, at, source, detail } : { status, at, source };
}

/**
 * The send-outcome fields every new history document starts with: nothing sent, no attempt,
 * no error, no provider metadata yet. Writers add identity, plan and timeline fields.
 */
export function unsentHistoryFields(
  at: Timestamp,
  whatsappMode: 'free_text' | 'template' | null = null,
) {
  return {
    createdAt: at,
    updatedAt: at,
    sentAt: null,
    deliveredAt: null,
    attempts: 0,
    errorCode: null,
    errorMessage: null,
    errors: [],
    metadata: {
      twilioMessageId: null,
      providerMessageId: null,
      cost: null,
      segments: null,
      encoding: null,
      whatsappMode,
      contentSid: null,
      costActual: null,
      priceUnit: null,
    },
    pricePending: false,
  };
}

/** Appends timeline entries (arrayUnion: concurrent writers never drop each other's entries). */
export function appendTimeline(...entries: ReturnType<typeof timelineEntry>[]) {
  return FieldValue.arrayUnion(...entries);
}

/** The provider's ids of a sent message (`metadata.twilioMessageId` / `providerMessageId`). */
export const providerIdsSchema = z
  .object({
    twilioMessageId: z.string().nullable().optional(),
    providerMessageId: z.string().nullable().optional(),
  })
  .partial()
  .optional();

/** The fields of `notification_history` the send task reads. */
export const historyReadSchema = z.object({
  origin: z.string().optional(),
  ticketId: z.string(),
  clientId: z.string().nullable(),
  customerId: z.string().nullable(),
  channel: z.enum(CHANNELS),
  kind: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'critical']),
  ticketStatus: z.string(),
  status: z.string(),
  to: z.string().nullable(),
  priceZone: z.string().nullable().optional(),
  attempts: z.number().default(0),
  notBefore: zTimestamp.nullable().optional(),
  holdExpiresAt: zTimestamp.nullable().optional(),
  createdAt: zTimestamp,
  metadata: providerIdsSchema,
  variables: z.record(z.string(), z.string()).nullable().optional(),
  templateOnly: z.boolean().optional(),
});

/** A history document as the send task reads it. */
export interface HistoryRead {
  /** What created it (`ticket` when the document predates the field). */
  origin: SendOrigin;
  ticketId: string;
  clientId: string | null;
  customerId: string | null;
  channel: Channel;
  kind: NotificationKind;
  priority: Priority;
  ticketStatus: TicketStatus;
  status: NotificationStatus;
  to: string | null;
  priceZone: string | null;
  attempts: number;
  notBefore: Date | null;
  holdExpiresAt: Date | null;
  createdAt: Date;
  providerId: string | null;
  /** Template variables the ticket does not carry (an urgent message's text), set at planning. */
  variables: Record<string, string>;
  /**
   * WhatsApp only: send as the approved content template even inside the 24 h window (the
   * retry of a free-text message Twilio refused with 63016, set by the ingestion).
   */
  templateOnly: boolean;
}

/** Parses a history document (null when it is not one). */
export function readHistory(data: unknown): HistoryRead | null {
  const parsed = historyReadSchema.safeParse(data);
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    origin: sendOriginOf(d.origin),
    ticketId: d.ticketId,
    clientId: d.clientId,
    customerId: d.customerId,
    channel: d.channel,
    kind: d.kind as NotificationKind,
    priority: d.priority,
    ticketStatus: d.ticketStatus as TicketStatus,
    status: d.status as NotificationStatus,
    to: d.to,
    priceZone: d.priceZone ?? null,
    attempts: d.attempts,
    notBefore: d.notBefore ?? null,
    holdExpiresAt: d.holdExpiresAt ?? null,
    createdAt: d.createdAt,
    providerId: d.metadata?.twilioMessageId ?? d.metadata?.providerMessageId ?? null,
    variables: d.variables ?? {},
    templateOnly: d.templateOnly === true,
  };
}

/** Skip reasons that are not worth a history document of their own (the cascade's choice). */
export const UNRECORDED_SKIPS: ReadonlySet<SkipReason> = new Set<SkipReason>(['not_in_policy']);

/** `origin` values stored on history documents, and the send origin each one is. */
const STORED_ORIGINS: Readonly<Record<string, SendOrigin>> = {
  ticket: 'ticket',
  reminder: 'reminder',
  fallback: 'fallback',
  template_retry: 'template_retry',
  async_retry: 'async_retry',
  budget_release: 'budget_release',
  auto_reply: 'auto_reply',
  // The staff API stores `reply` and `test` (the dashboard filters on them).
  reply: 'staff_reply',
  staff_reply: 'staff_reply',
  test: 'test',
};

/** The send origin of a stored `origin` (documents planned before the field: `ticket`). */
export function sendOriginOf(stored: unknown): SendOrigin {
  return (typeof stored === 'string' ? STORED_ORIGINS[stored] : undefined) ?? 'ticket';
}

/** A status change core's state machine refuses. */
export class IllegalTransitionError extends Error {
  readonly notificationId: string;
  readonly transition: IllegalTransition;
  constructor(notificationId: string, transition: IllegalTransition) {
    super(`notification ${notificationId}: ${transition.message}`);
    this.name = 'IllegalTransitionError';
    this.notificationId = notificationId;
    this.transition = transition;
  }
}

/** The history document of a notification. */
export function historyRef(db: Firestore, notificationId: string): DocumentReference {
  return db.collection(COLLECTIONS.history).doc(notificationId);
}

/** The statuses a new history document may start in. */
type InitialStatus = 'planned' | 'deferred' | 'held' | 'skipped';

/** How a new history document starts. */
export interface NewNotification {
  status: InitialStatus;
  at: Date;
  /** Where the first timeline entry comes from. */
  source: TimelineSource;
  /** The first timeline entry's detail (a skip reason, `fallback_of:<id>` …). */
  detail?: string | undefined;
  /** WhatsApp: how the plan expects it to go out. */
  whatsappMode?: 'free_text' | 'template' | null;
  /** Identity, plan and origin fields (`customerId`, `channel`, `kind`, `origin` …). */
  fields: Record<string, unknown>;
}

function newDocument(input: NewNotification): Record<string, unknown> {
  return {
    ...input.fields,
    status: input.status,
    ...unsentHistoryFields(ts(input.at), input.whatsappMode ?? null),
    // A plain array on create: the embedded server cannot arrayUnion into a missing field.
    timeline: [timelineEntry(input.status, ts(input.at), input.source, input.detail)],
  };
}

/** Adds the `create()` of a history document to a batch (the batch fails if it exists). */
export function addNotification(
  batch: WriteBatch,
  db: Firestore,
  notificationId: string,
  input: NewNotification,
): void {
  batch.create(historyRef(db, notificationId), newDocument(input));
}

/** Creates a history document once: `false` when it already exists (a redelivered planner). */
export async function createNotification(
  db: Firestore,
  notificationId: string,
  input: NewNotification,
): Promise<boolean> {
  try {
    await historyRef(db, notificationId).create(newDocument(input));
    return true;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 6) return false;
    throw error;
  }
}

/** One status change of a history document, checked by core's state machine. */
export interface Transition {
  notificationId: string;
  /** The status as read (the state machine's `from`). */
  from: NotificationStatus;
  to: NotificationStatus;
  at: Date;
  /** The timeline entry's source. */
  source: TimelineSource;
  /**
   * Who asks, for the state machine (default: `source`). A failure the provider answered at
   * send time is timed by the provider but decided by the pipeline: `pipeline`.
   */
  by?: TransitionSource;
  detail?: string | undefined;
  /** The status the timeline entry names, when not `to` (a callback's own status). */
  timelineStatus?: NotificationStatus;
  /** Other fields written with the status. */
  fields?: Record<string, unknown>;
  /** Firestore precondition: the document has not changed since it was read. */
  readAt?: Timestamp | undefined;
  /**
   * An illegal move: `throw` (default) an {@link IllegalTransitionError}; `keep` the status as
   * it is and write the rest (a provider's late word about a message we closed is still kept in
   * the timeline).
   */
  onIllegal?: 'throw' | 'keep';
}

/**
 * Adds a status change to a batch after core's `nextStatus` allowed it; throws an
 * {@link IllegalTransitionError} otherwise. A provider status that does not move the summary
 * forward writes the timeline entry and the fields, not the status.
 */
export function addTransition(batch: WriteBatch, db: Firestore, t: Transition): NotificationStatus {
  const next = nextStatus(t.from, t.to, t.by ?? t.source);
  if (!next.ok && t.onIllegal !== 'keep')
    throw new IllegalTransitionError(t.notificationId, next.error);
  const value = next.ok ? next.value : { status: t.from, changed: false };
  const at = ts(t.at);
  const fields: Record<string, unknown> = {
    ...(t.fields ?? {}),
    updatedAt: at,
    timeline: appendTimeline(timelineEntry(t.timelineStatus ?? t.to, at, t.source, t.detail)),
  };
  if (value.changed) fields.status = value.status;
  const ref = historyRef(db, t.notificationId);
  if (t.readAt) batch.update(ref, fields, { lastUpdateTime: t.readAt });
  else batch.update(ref, fields);
  return value.status;
}

/** Why a notification will not go out, as a transition to `skipped`. */
export function addSkip(
  batch: WriteBatch,
  db: Firestore,
  input: {
    notificationId: string;
    from: NotificationStatus;
    reason: SkipReason | string;
    reasonText: string;
    at: Date;
    /** `errorCode` too (a hold that expired is reported as an error code). */
    asErrorCode?: boolean;
  },
): void {
  addTransition(batch, db, {
    notificationId: input.notificationId,
    from: input.from,
    to: 'skipped',
    at: input.at,
    source: 'pipeline',
    detail: input.reason,
    fields: input.asErrorCode
      ? { errorCode: input.reason, reasonText: input.reasonText }
      : { skipReason: input.reason, reasonText: input.reasonText },
  });
}

/**
 * Records a re-drive by the sweeper (its count, and `updatedAt`: the re-driven task gets a
 * whole grace period before the next sweep looks again).
 */
export function addSweep(batch: WriteBatch, db: Firestore, notificationId: string, at: Date): void {
  batch.update(historyRef(db, notificationId), {
    sweeps: FieldValue.increment(1),
    sweptAt: ts(at),
    updatedAt: ts(at),
  });
}

/** Records that a resend of this notification was planned (`retriedBy`). */
export function addRetriedBy(
  batch: WriteBatch,
  db: Firestore,
  notificationId: string,
  retryId: string,
): void {
  batch.update(historyRef(db, notificationId), { retriedBy: retryId });
}

/** Twilio's actual price of a sent message (reconciliation), in € with its unit. */
export function providerPriceFields(costEur: number, priceUnit: string | null) {
  return { 'metadata.costActual': costEur, 'metadata.priceUnit': priceUnit, pricePending: false };
}

/** Records Twilio's actual price of a message whose status is final. */
export function addProviderPrice(
  batch: WriteBatch,
  db: Firestore,
  notificationId: string,
  input: { costEur: number; priceUnit: string | null; at: Date },
): void {
  batch.update(historyRef(db, notificationId), {
    ...providerPriceFields(input.costEur, input.priceUnit),
    updatedAt: ts(input.at),
  });
}

/**
 * Drops the address and texts of a notification (erasure); its statistics stay. `scrubbed`: the
 * other fields that still held the erased number (an error text), with the number removed.
 */
export function addErasure(
  batch: WriteBatch,
  ref: DocumentReference,
  at: Date,
  scrubbed: Record<string, unknown> = {},
): void {
  batch.update(ref, {
    ...scrubbed,
    to: null,
    bodyPreview: null,
    errorMessage: null,
    erasedAt: ts(at),
  });
}

/** Firestore's gRPC status for a failed precondition (the document changed since it was read). */
const FAILED_PRECONDITION = 9;

/**
 * The one monotonic-update helper: `prepare` builds the batch from the document as read (its
 * history update guarded by `readAt: snap.updateTime`); when Firestore answers that the document
 * changed since (a status callback landed in between), it is read again and the batch prepared
 * again from the fresh status — so a send's record and a callback can never step the status
 * back. Up to 5 rounds. (The embedded test server honours update preconditions since its
 * patch, decision 009: the loop runs in the tests too.)
 */
export async function commitMonotonic<T>(
  ref: DocumentReference,
  first: DocumentSnapshot,
  prepare: (snap: DocumentSnapshot) => Promise<{ batch: WriteBatch; value: T }>,
): Promise<T> {
  let snap = first;
  for (let round = 0; ; round += 1) {
    const { batch, value } = await prepare(snap);
    try {
      await batch.commit();
      return value;
    } catch (error) {
      if ((error as { code?: number }).code !== FAILED_PRECONDITION || round >= 4) throw error;
      snap = await ref.get();
    }
  }
}

/** The status of a history snapshot (`null` when it does not exist). */
export function statusOf(snap: DocumentSnapshot): NotificationStatus | null {
  return snap.exists ? ((snap.get('status') as NotificationStatus | undefined) ?? null) : null;
}
