import {
  CHANNELS,
  type Channel,
  fallbackChannel,
  type NotificationPlan,
  planNotification,
} from '@omega/core';
import { contentTemplateName } from '@omega/templates';
import { logs } from '../../logs.ts';
import type { PipelineSettings } from '../../settings/settings-schema.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { parseDoc, ticketSchema } from '../../store/documents.ts';
import { createNotification, type HistoryRead, historyRef } from '../../store/history.ts';
import type { PipelineDeps } from '../deps.ts';
import { loadRecipient } from '../recipient.ts';

/** The failed message a fallback follows. */
export interface FailedMessage {
  notificationId: string;
  history: HistoryRead;
  changeId: string;
  /** How the failed WhatsApp message went out (`metadata.whatsappMode`), if known. */
  whatsappMode: string | null;
}

/** What core's classification of the asynchronous error asks for. */
export interface FailureFollowUp {
  /** `use_template` (63016: outside the window) or `switch_channel` (63024, …). */
  action: 'use_template' | 'switch_channel';
  phoneStatus?: 'invalid' | 'landline' | 'unknown_handset' | null;
}

/** The follow-up planned: the same message as a WhatsApp template, or another channel. */
export interface PlannedFallback {
  channel: Channel;
  notificationId: string;
  via: 'template' | 'channel';
}

/** The deterministic id of the template-only retry of a refused WhatsApp free-text message. */
export function templateRetryId(failedNotificationId: string): string {
  return `${failedNotificationId}-template`;
}

/**
 * Whether a 63016 may be retried as the approved content template of the same kind: the
 * failed message went out as free text (a template refused with 63016 is not retried as
 * itself), WhatsApp is still allowed for this recipient, and the template of the kind in the
 * recipient's locale is `approved` in `settings.whatsappTemplates` (pure).
 */
export function templateRetryAllowed(input: {
  failed: Pick<HistoryRead, 'channel' | 'kind' | 'templateOnly'>;
  whatsappMode: string | null;
  locale: 'fr' | 'en';
  plan: Pick<NotificationPlan, 'eligibility'>;
  templates: PipelineSettings['whatsappTemplates'];
}): boolean {
  const { failed } = input;
  if (failed.channel !== 'whatsapp' || failed.templateOnly) return false;
  if (input.whatsappMode === 'template') return false;
  if (input.plan.eligibility.whatsapp !== null) return false;
  const template = input.templates[contentTemplateName(failed.kind, input.locale)];
  return template?.approval === 'approved';
}

/**
 * After a WhatsApp failure that a template or another channel can cover, plans the same event
 * again with the recipient's current state:
 * - 63016 (`use_template`: free text refused outside the 24 h window) → the same message as
 *   the approved content template of its kind (`templateOnly`, id `<failed>-template`) when
 *   {@link templateRetryAllowed};
 * - otherwise (63024 not on WhatsApp, a 63016 with no approved template, …) core's
 *   `fallbackChannel` picks the channel that takes over (WhatsApp → SMS where there is a lawful
 *   basis and an SMS-capable number; never for an invalid number), with the deterministic id
 *   of that channel for the same event.
 * Either follow-up is created with `create()` (a redelivered callback, or both the free-text
 * message and its template retry failing, cannot create it twice) and `fallbackOf` links it
 * to the failed one; the send task is enqueued under the same id. A failed message gets one
 * follow-up: when one is found already planned (whichever channel was chosen then), it is
 * enqueued again and returned, so calling this twice is safe.
 */
export async function planFallback(
  deps: PipelineDeps,
  failed: FailedMessage,
  failure: FailureFollowUp,
): Promise<PlannedFallback | null> {
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

  let next: PlannedFallback | null = null;
  if (
    failure.action === 'use_template' &&
    templateRetryAllowed({
      failed: h,
      whatsappMode: failed.whatsappMode,
      locale: loaded.locale,
      plan,
      templates: settings.whatsappTemplates,
    })
  ) {
    next = {
      channel: 'whatsapp',
      notificationId: templateRetryId(failed.notificationId),
      via: 'template',
    };
  } else {
    const channel = fallbackChannel(h.channel, plan, { phoneStatus: failure.phoneStatus ?? null });
    if (channel)
      next = { channel, notificationId: plan.channels[channel].notificationId, via: 'channel' };
  }
  if (!next) return null;

  // One follow-up per failed message: one already planned (a redelivered callback, a retry
  // after an instance died between the create and the enqueue — on whichever channel the plan
  // chose then) is enqueued again instead of planning another.
  const candidates = [
    templateRetryId(failed.notificationId),
    ...CHANNELS.map((c) => plan.channels[c].notificationId),
  ].filter((id) => id !== failed.notificationId);
  const existing = (await deps.db.getAll(...candidates.map((id) => historyRef(deps.db, id)))).find(
    (snap) => snap.exists && snap.get('fallbackOf') === failed.notificationId,
  );
  if (existing) {
    const channel = existing.get('channel') as Channel;
    await deps.queue.enqueue({ notificationId: existing.id }, { id: existing.id });
    logs.notificationAlreadyPlanned(existing.id);
    return {
      channel,
      notificationId: existing.id,
      via: existing.get('templateOnly') === true ? 'template' : 'channel',
    };
  }

  const cp = plan.channels[next.channel];
  const template = next.via === 'template';
  await createNotification(deps.db, next.notificationId, {
    status: 'planned',
    at: now,
    source: 'callback',
    detail: `${template ? 'template_retry_of' : 'fallback_of'}:${failed.notificationId}`,
    whatsappMode: template ? 'template' : null,
    fields: {
      origin: template ? 'template_retry' : 'fallback',
      customerId: ticket.customerId ?? null,
      clientId: ticket.clientId,
      ticketId: h.ticketId,
      type: next.channel,
      channel: next.channel,
      kind: h.kind,
      priority: plan.priority,
      changeId: failed.changeId,
      ticketStatus: h.ticketStatus,
      to: template ? h.to : cp.to,
      priceZone: plan.phone?.zone ?? null,
      audience: plan.audience,
      basis: cp.basis,
      rule: plan.rule,
      phoneSource: plan.phoneSource,
      planSkips: {},
      fallbackOf: failed.notificationId,
      ...(template ? { templateOnly: true } : {}),
      variables: Object.keys(h.variables).length > 0 ? h.variables : null,
      skipReason: null,
      reasonText: null,
      notBefore: null,
      holdExpiresAt: null,
    },
  });
  await deps.queue.enqueue({ notificationId: next.notificationId }, { id: next.notificationId });
  logs.notificationPlanned({
    notificationId: next.notificationId,
    ticketId: h.ticketId,
    kind: h.kind,
    channel: next.channel,
    action: 'send',
    reason: `${template ? 'template retry' : 'fallback'} of ${failed.notificationId}`,
  });
  return next;
}
