import { type Channel, type GateDecision, isDispatchable } from '@omega/core';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { type OutboundFacts, outboundFacts, type SendAccepted } from '../../adapters/port.ts';
import { logs } from '../../logs.ts';
import {
  type ClaimAnswer,
  claimAlongside,
  claimRef,
  keepOutboundFacts,
  keepProviderAnswer,
  readClaim,
  releaseClaim,
} from '../../store/claims.ts';
import { addTransition, commitMonotonic, historyRef, readHistory } from '../../store/history.ts';
import { addStats } from '../../store/stats.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps, SendTask } from '../deps.ts';
import { planFallback } from '../plan/fallback.ts';
import { followsWithLocation, planShopLocation } from '../plan/shop-location.ts';
import { deferReasonField } from '../reasons.ts';
import { addTicketLink } from '../short-links.ts';
import { addAnswerToConversation } from './conversation.ts';
import { type GateInputs, gate, loadGateInputs } from './gate.ts';
import { isTicketNotification, readJob, type SendJob } from './job.ts';
import { withChosenPhoto } from './media.ts';
import { findAtProvider } from './reconcile.ts';
import {
  type DispatchOutcome,
  type RenderFacts,
  recordSkip,
  recordSuccess,
  sendAndRecord,
} from './record.ts';
import { type Built, renderJob } from './render.ts';

export type { DispatchOutcome } from './record.ts';

/** Default lease of a send claim. */
export const DEFAULT_LEASE_MS = 60_000;

/** How the send task was invoked. */
export interface DispatchContext {
  retryCount: number;
  id?: string;
}

/**
 * The send task's handler, for every outbound message (ticket notifications and their
 * follow-ups, automatic answers, staff direct sends): read → claim and load → gate → render →
 * send → record. Each step is one function below; what differs between messages is only how
 * they are rendered ({@link renderJob}) and what follows a send.
 */
export async function dispatchSend(
  deps: PipelineDeps,
  task: SendTask,
  context: DispatchContext = { retryCount: 0 },
  depth = 0,
): Promise<DispatchOutcome> {
  const snap = await historyRef(deps.db, task.notificationId).get();
  const job = readJob(snap);
  const now = deps.clock();
  if (job?.providerId && !job.sentAt) {
    // The provider's callbacks (they carry the notification id) reached the history before the
    // send path recorded its attempt — its holder died, or its answer was lost: recorded now.
    const recorded = await recordCallbackFirst(deps, job, snap, now);
    if (recorded) return recorded;
  }
  if (job?.ambiguousAttempt != null && !job.providerId) {
    // An earlier attempt's answer was lost: the provider may have the message. It is looked
    // for before anything else (before the gate too: what was sent was sent).
    const found = await reconcileAttempt(deps, job, job.ambiguousAttempt, snap, now);
    if (found) return found;
  }
  if (job?.status === 'skipped' && snap.get('skipReason') === 'whatsapp_sender_unavailable') {
    // Skipped for the sender's health by a run that died before planning the SMS: planned now.
    await senderFallback(deps, job, snap);
  }
  if (job?.status === 'failed') {
    // A failure whose follow-up (template, other channel) a crashed run may not have planned:
    // planning it is idempotent (one follow-up per failed message), so a redelivery does it.
    const errors = (snap.get('errors') ?? []) as Array<{ code?: unknown; action?: unknown }>;
    const last = errors[errors.length - 1];
    if (last) {
      const outcome = {
        outcome: 'failed' as const,
        code: String(last.code ?? snap.get('errorCode') ?? ''),
        action: String(last.action ?? ''),
      };
      await followUp(deps, job, snap, outcome, null);
    }
  }
  if (
    job?.sentAt &&
    followsWithLocation(job, (snap.get('metadata.whatsappMode') as string | null) ?? null)
  ) {
    // Sent, and its location pin may not have been planned by a run that died right after
    // recording: planning it is idempotent (one pin per message), so a redelivery does it.
    await planShopLocation(deps, job, snap);
  }
  const early = job ? await notNow(deps, job, now) : missing(task.notificationId);
  if (early || !job) return early ?? { outcome: 'missing' };
  const attempt = job.attempts + 1;
  const claimed = await claimAndLoad(deps, job, attempt, now, context);
  if ('outcome' in claimed) return claimed;
  if ('adopt' in claimed) return adopt(deps, job, attempt, snap, claimed.adopt, now);
  if ('expired' in claimed) {
    const found = await reconcileExpired(deps, job, attempt, snap, claimed.expired, now);
    if (found) return found;
    // Nothing at the provider (or a channel that cannot be asked): the attempt is closed as
    // `error/lease_expired` and the next one runs now — at most twice in one task run.
    if (depth >= 2) throw new Error(`send ${job.notificationId}: attempts keep expiring`);
    return dispatchSend(deps, task, context, depth + 1);
  }
  // From the claim until the provider answers, any throw releases the claim unless the
  // message was handed to the provider (its facts are kept on the claim): the queue's retry
  // then takes the same attempt, or reconciles the one whose answer was lost.
  let handedOver = false;
  try {
    await deps.faults?.hit('after_claim', job.notificationId);
    const decision = gate(job, claimed, await deps.settings.get(), now);
    if (decision.action !== 'send') {
      const postponed = await postpone(deps, job, attempt, decision, now);
      if (decision.action === 'skip' && decision.reason === 'whatsapp_sender_unavailable')
        await senderFallback(deps, job, snap);
      return postponed;
    }
    const built = await prepare(deps, job, claimed, decision, now);
    const outcome = await sendAndRecord(deps, job, attempt, now, built, {
      snap,
      retryCount: context.retryCount,
      beforeCall: async (message) => {
        await keepOutboundFacts(deps.db, job.notificationId, attempt, outboundFacts(message));
        handedOver = true;
      },
      onAnswer: async (accepted) => {
        if (accepted) await keepProviderAnswer(deps.db, job.notificationId, attempt, accepted);
      },
      onSent: (accepted, message) =>
        job.origin === 'auto_reply'
          ? addAnswerToConversation(deps, job, accepted.providerId, message)
          : Promise.resolve(),
    });
    await deps.faults?.hit('after_record', job.notificationId);
    await followUp(deps, job, snap, outcome, built);
    if (outcome.outcome === 'sent' && built.ok && followsWithLocation(job, built.whatsappMode))
      await planShopLocation(deps, job, snap);
    return outcome;
  } catch (error) {
    if (!handedOver) await releaseClaimQuietly(deps, job.notificationId, attempt);
    throw error;
  }
}

/**
 * Looks for attempt `attempt` at the provider from the facts kept on its claim and records the
 * message found as that attempt's success. Returns null when there is nothing to adopt (no
 * facts: the attempt never reached the provider; the provider has no such message; a channel
 * the provider cannot be asked about — email and push are resent once, see docs/delivery.md).
 * A provider that cannot be asked right now throws: the queue retries, nothing is resent blind.
 */
async function reconcileAttempt(
  deps: PipelineDeps,
  job: SendJob,
  attempt: number,
  snap: DocumentSnapshot,
  now: Date,
): Promise<DispatchOutcome | null> {
  const claim = await readClaim(deps.db, job.notificationId, attempt);
  if (claim?.answer) return adopt(deps, job, attempt, snap, claim.answer, now);
  if (!claim?.outbound || !claim.claimedAt) return null;
  const found = await findAtProvider(deps, job.notificationId, claim.outbound, claim.claimedAt);
  if (!found) return null;
  logs.sendReconciled(job.notificationId, attempt, found.providerId);
  return adopt(deps, job, attempt, snap, found, now);
}

/**
 * A message the provider reported by callbacks (so it has it) while no attempt was recorded:
 * the attempt that handed it over (its claim) is recorded with the provider's id — the cost,
 * the attempt count, the `sent` counter — and nothing is sent. Null when no claim holds it.
 */
async function recordCallbackFirst(
  deps: PipelineDeps,
  job: SendJob,
  snap: DocumentSnapshot,
  now: Date,
): Promise<DispatchOutcome | null> {
  const attempt = job.attempts + 1;
  const claim = await readClaim(deps.db, job.notificationId, attempt);
  if (!claim || (!claim.answer && !claim.outbound)) return null;
  const answer = claim.answer ?? {
    providerId: job.providerId as string,
    status: 'queued',
    segments: null,
  };
  logs.sendReconciled(job.notificationId, attempt, answer.providerId);
  return adopt(deps, job, attempt, snap, answer, now);
}

/** {@link reconcileAttempt} for a claim whose holder stopped; when nothing is found the attempt is closed. */
async function reconcileExpired(
  deps: PipelineDeps,
  job: SendJob,
  attempt: number,
  snap: DocumentSnapshot,
  expired: { outbound: OutboundFacts | null; claimedAt: Date | null },
  now: Date,
): Promise<DispatchOutcome | null> {
  if (expired.outbound && expired.claimedAt) {
    const found = await findAtProvider(
      deps,
      job.notificationId,
      expired.outbound,
      expired.claimedAt,
    );
    if (found) {
      logs.sendReconciled(job.notificationId, attempt, found.providerId);
      return adopt(deps, job, attempt, snap, found, now);
    }
  }
  // Guarded by the document as read: a holder that recorded meanwhile wins, nothing is closed.
  const closed = await commitMonotonic(
    historyRef(deps.db, job.notificationId),
    snap,
    async (fresh) => {
      const batch = deps.db.batch();
      const current = readJob(fresh);
      if (
        !current ||
        current.providerId ||
        current.attempts >= attempt ||
        !isDispatchable(current.status)
      ) {
        return { batch, value: false };
      }
      addTransition(batch, deps.db, {
        notificationId: job.notificationId,
        from: current.status,
        to: 'error',
        at: now,
        source: 'pipeline',
        detail: 'lease_expired',
        readAt: fresh.updateTime,
        fields: {
          attempts: attempt,
          ambiguousAttempt: null,
          errorCode: 'lease_expired',
          errorMessage: expired.outbound
            ? `Tentative ${attempt} interrompue pendant l'envoi ; Twilio n'a pas ce message : renvoyé une fois.`
            : `Tentative ${attempt} interrompue avant l'envoi : renvoyé.`,
        },
      });
      batch.update(claimRef(deps.db, job.notificationId, attempt), { closedAt: ts(now) });
      return { batch, value: true };
    },
  );
  if (!closed) return null;
  logs.alert('lease_expired', { notificationId: job.notificationId, attempt });
  return null;
}

async function releaseClaimQuietly(
  deps: PipelineDeps,
  notificationId: string,
  attempt: number,
): Promise<void> {
  try {
    await releaseClaim(deps.db, notificationId, attempt);
    logs.sendClaimReleased(notificationId, attempt);
  } catch (error) {
    // The lease expires on its own; the next dispatch then reconciles.
    logs.unexpected(`release claim ${notificationId}~${attempt}`, error);
  }
}

/**
 * The attempt's holder had the provider's acceptance (kept on the claim) but stopped before
 * the history recorded it: the same acceptance is recorded now — never a second send.
 */
async function adopt(
  deps: PipelineDeps,
  job: SendJob,
  attempt: number,
  snap: DocumentSnapshot,
  answer: ClaimAnswer,
  now: Date,
): Promise<DispatchOutcome> {
  const facts: RenderFacts = {
    segments: null,
    encoding: null,
    whatsappMode: null,
    contentSid: null,
  };
  logs.sendDuplicateIgnored(
    job.notificationId,
    `attempt ${attempt} was sent as ${answer.providerId}: recorded, not resent`,
  );
  return recordSuccess(
    deps,
    job,
    attempt,
    now,
    {
      providerId: answer.providerId,
      status: answer.status as SendAccepted['status'],
      segments: answer.segments,
    },
    facts,
    snap,
  );
}

function missing(notificationId: string): DispatchOutcome {
  logs.sendDuplicateIgnored(notificationId, 'no such notification');
  return { outcome: 'missing' };
}

/** A message already sent or closed, or dispatched before its time: nothing to send now. */
async function notNow(
  deps: PipelineDeps,
  job: SendJob,
  now: Date,
): Promise<DispatchOutcome | null> {
  if (!isDispatchable(job.status) || job.providerId) {
    logs.sendDuplicateIgnored(job.notificationId, `status ${job.status}`);
    return { outcome: 'duplicate', why: `status ${job.status}` };
  }
  if (job.notBefore && job.notBefore.getTime() > now.getTime() + 1_000) {
    // Dispatched early (a queue without scheduling, or a manual run): put it back for its time.
    await deps.queue.enqueue(
      { notificationId: job.notificationId },
      { scheduleTime: job.notBefore, id: `${job.notificationId}-at${job.notBefore.getTime()}` },
    );
    logs.sendDeferred(job.notificationId, job.notBefore, 'not before');
    return { outcome: 'rescheduled', until: job.notBefore };
  }
  return null;
}

/**
 * Claims attempt `attempt` by `create()` (of concurrent dispatches exactly one calls the
 * provider) while the gate's reads run (one round trip; a claim won while the reads failed is
 * released before the error propagates). A claim whose holder stopped without recording a
 * result may have reached the provider: the caller reconciles it ({@link reconcileExpired}).
 */
async function claimAndLoad(
  deps: PipelineDeps,
  job: SendJob,
  attempt: number,
  now: Date,
  context: DispatchContext,
): Promise<
  | GateInputs
  | DispatchOutcome
  | { adopt: ClaimAnswer }
  | { expired: { outbound: OutboundFacts | null; claimedAt: Date | null } }
> {
  const [claim, inputs] = await claimAlongside(
    deps.db,
    {
      notificationId: job.notificationId,
      attempt,
      now,
      leaseMs: deps.config.leaseMs ?? DEFAULT_LEASE_MS,
      owner: context.id ?? `run-${context.retryCount}`,
    },
    loadGateInputs(deps, job, now),
  );
  if (claim.claimed) {
    logs.sendClaimed(job.notificationId, attempt);
    return inputs;
  }
  if (claim.answer) return { adopt: claim.answer };
  if (!claim.expired) {
    // Another dispatch holds the attempt. If it dies, nothing else would look again: a check
    // is queued for the lease's end (one per attempt, whatever the number of duplicates).
    if (claim.leaseUntil) {
      const at = new Date(claim.leaseUntil.getTime() + 1_000);
      await deps.queue.enqueue(
        { notificationId: job.notificationId },
        { scheduleTime: at, id: `${job.notificationId}-lease${attempt}` },
      );
    }
    logs.sendDuplicateIgnored(job.notificationId, `attempt ${attempt} claimed by another dispatch`);
    return { outcome: 'duplicate', why: `attempt ${attempt} claimed` };
  }
  return { expired: { outbound: claim.outbound, claimedAt: claim.claimedAt } };
}

/**
 * The gate said not now or never: `skipped` with its reason; `deferred` to the send window's
 * opening (the task is queued for then); `held` for the budget (the budget schedule releases
 * it). The claim of an attempt that sent nothing is released in the same batch, so the next
 * dispatch can take the same attempt.
 */
async function postpone(
  deps: PipelineDeps,
  job: SendJob,
  attempt: number,
  decision: Exclude<GateDecision, { action: 'send' }>,
  now: Date,
): Promise<DispatchOutcome> {
  if (decision.action === 'skip') return recordSkip(deps, job, job.status, decision.reason, now);
  const batch = deps.db.batch();
  const deferred = decision.action === 'defer';
  const until = deferred ? decision.until : decision.expiresAt;
  addTransition(batch, deps.db, {
    notificationId: job.notificationId,
    from: job.status,
    to: deferred ? 'deferred' : 'held',
    at: now,
    source: 'pipeline',
    detail: decision.reason,
    fields: deferred
      ? { notBefore: ts(until), ...deferReasonField(decision.reason) }
      : { holdExpiresAt: ts(until) },
  });
  batch.delete(claimRef(deps.db, job.notificationId, attempt));
  addStats(batch, deps.db, now, { [`${job.channel}_${deferred ? 'deferred' : 'held'}`]: 1 });
  await batch.commit();
  if (deferred) {
    await deps.queue.enqueue(
      { notificationId: job.notificationId },
      { scheduleTime: until, id: `${job.notificationId}-at${until.getTime()}` },
    );
    logs.sendDeferred(job.notificationId, until, decision.reason);
    return { outcome: 'rescheduled', until };
  }
  logs.sendDeferred(job.notificationId, until, decision.reason);
  return { outcome: 'held', until };
}

/**
 * Renders the message. An answer that carries a ticket's short link writes the link first, so
 * it opens even for a ticket no notification wrote one for (same merge write as the planner's).
 */
async function prepare(
  deps: PipelineDeps,
  job: SendJob,
  inputs: GateInputs,
  decision: Extract<GateDecision, { action: 'send' }>,
  now: Date,
): Promise<Built> {
  if (job.origin === 'auto_reply' && job.ticketId && inputs.ticket) {
    const linkBatch = deps.db.batch();
    addTicketLink(
      linkBatch,
      deps.db,
      {
        ticketId: job.ticketId,
        clientId: inputs.ticket.clientId,
        customerId: inputs.ticket.customerId ?? null,
        generation: inputs.ticket.shortLinkGeneration,
        now,
      },
      { secret: deps.config.shortLinkSecret },
    );
    await linkBatch.commit();
  }
  const context = { deps, job, inputs, whatsappMode: decision.whatsappMode, now };
  // A photo staff chose for the ticket rides the rendered WhatsApp message (`media.ts`).
  return withChosenPhoto(context, await renderJob(context));
}

/** Send-time failures of WhatsApp that a template or another channel can cover. */
const FALLBACK_CODES = new Set(['no_approved_template', 'channel_not_configured']);

/** What a failed WhatsApp send asks of a fallback, or `null` (pure). */
export function sendTimeFollowUp(
  channel: Channel,
  outcome: { code: string | number; action: string },
): 'use_template' | 'switch_channel' | null {
  if (channel !== 'whatsapp') return null;
  if (outcome.action === 'use_template') return 'use_template';
  if (outcome.action === 'switch_channel' || FALLBACK_CODES.has(String(outcome.code))) {
    return 'switch_channel';
  }
  return null;
}

/**
 * A ticket notification on WhatsApp refused before it left (no approved template outside the
 * window, no WhatsApp sender, an error core says another channel can cover): the same event
 * goes out on the channel that takes over, exactly as after a delivery failure. The follow-up
 * is a new message: it passes the gate when its own send task runs.
 */
async function followUp(
  deps: PipelineDeps,
  job: SendJob,
  snap: DocumentSnapshot,
  outcome: DispatchOutcome,
  built: Built | null,
): Promise<void> {
  if (outcome.outcome !== 'failed' || !isTicketNotification(job.origin)) return;
  const action = sendTimeFollowUp(job.channel, outcome);
  const history = action ? readHistory(snap.data()) : null;
  if (!action || !history) return;
  await planFallback(
    deps,
    {
      notificationId: job.notificationId,
      history,
      changeId: job.changeId,
      whatsappMode: built?.ok
        ? built.whatsappMode
        : ((snap.get('metadata.whatsappMode') as 'free_text' | 'template' | null | undefined) ??
          null),
    },
    { action, phoneStatus: null },
  );
}

/**
 * A ticket notification on WhatsApp skipped because the sender is offline or flagged
 * (`whatsapp_sender_unavailable`): the same event goes out on the channel that takes over
 * (core's `fallbackChannel`: SMS where there is a lawful basis and a mobile number), as after a
 * WhatsApp failure; its own send task passes the gate. Idempotent (one follow-up per message).
 */
async function senderFallback(
  deps: PipelineDeps,
  job: SendJob,
  snap: DocumentSnapshot,
): Promise<void> {
  if (job.channel !== 'whatsapp' || !isTicketNotification(job.origin)) return;
  const history = readHistory(snap.data());
  if (!history) return;
  await planFallback(
    deps,
    { notificationId: job.notificationId, history, changeId: job.changeId, whatsappMode: null },
    { action: 'switch_channel', phoneStatus: null },
  );
}
