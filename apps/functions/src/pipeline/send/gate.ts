import {
  decideSend,
  type GateDecision,
  isMessagingChannel,
  parsePhone,
  type TicketStatus,
  timeZoneForCountry,
} from '@omega/core';
import type { PipelineSettings } from '../../settings/settings-schema.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { parseDoc, type TicketDoc, ticketSchema } from '../../store/documents.ts';
import type { PipelineDeps } from '../deps.ts';
import { type LoadedRecipient, loadRecheckState } from '../recipient.ts';
import { isTicketNotification, type SendJob } from './job.ts';

/** What the gate read about a message, for the decision and for rendering. */
export interface GateInputs {
  /** The ticket now: `null` when the message is about none, or when it is gone or malformed. */
  ticket: TicketDoc | null;
  loaded: LoadedRecipient;
  budgetSpentEur: number;
}

/**
 * The send gate's loader: one batched read of what the decision needs (the ticket, the client
 * and the profile, the number's suppression entry and frequency counters) and the month's spend
 * (from the settings cache). Runs alongside the claim.
 */
export async function loadGateInputs(
  deps: PipelineDeps,
  job: SendJob,
  now: Date,
): Promise<GateInputs> {
  const [{ ticketSnap, loaded }, budgetSpentEur] = await Promise.all([
    loadRecheckState(
      deps.db,
      {
        ticketId: job.ticketId,
        clientId: job.clientId,
        customerId: job.customerId,
        e164: isMessagingChannel(job.channel) ? job.to : null,
      },
      { now },
    ),
    deps.settings.budgetSpentEur(now),
  ]);
  const parsed = ticketSnap?.exists ? parseDoc(ticketSchema, ticketSnap.data()) : null;
  const ticket = parsed?.ok ? parsed.value : null;
  // Fail closed: a ticket that broke since planning is unreadable (`invalid_data`), not gone.
  const broken =
    parsed && !parsed.ok && isTicketNotification(job.origin) && !loaded.invalid
      ? { document: `${COLLECTIONS.tickets}/${job.ticketId}`, problem: parsed.error.message }
      : null;
  return { ticket, loaded: broken ? { ...loaded, invalid: broken } : loaded, budgetSpentEur };
}

/**
 * The send gate: core's `decideSend` on what {@link loadGateInputs} read. Every outbound
 * message passes it right before its provider call, whatever created it.
 */
export function gate(
  job: SendJob,
  inputs: GateInputs,
  settings: PipelineSettings,
  now: Date,
): GateDecision {
  // Fail closed: a client, profile or ticket that no longer parses is not guessed at (core's
  // gate would read an unreadable profile as a walk-in's, an unreadable ticket as superseded).
  if (inputs.loaded.invalid && job.origin !== 'test') {
    return { action: 'skip', reason: 'invalid_data' };
  }
  const country = (() => {
    if (!isMessagingChannel(job.channel) || !job.to) return settings.core.defaultCountry;
    const phone = parsePhone(job.to, { defaultCountry: settings.core.defaultCountry });
    return phone.ok ? phone.value.country : settings.core.defaultCountry;
  })();
  const ticketStatus: TicketStatus | null = inputs.ticket
    ? (inputs.ticket.status as TicketStatus)
    : null;
  return decideSend(
    {
      origin: job.origin,
      kind: job.kind,
      channel: job.channel,
      priority: job.priority,
      ticketStatus: job.ticketStatus,
      e164: isMessagingChannel(job.channel) ? job.to : null,
      templateOnly: job.templateOnly,
    },
    {
      now,
      settings: settings.core,
      recipient: inputs.loaded.recipient,
      ticketStatus,
      budgetSpentEur: inputs.budgetSpentEur,
      recentSendCounts: inputs.loaded.recentSendCounts,
      // An answer uses the window its inbound message opened (known before the profile is).
      lastInboundWhatsAppAt:
        job.replyTo?.at ?? inputs.loaded.recipient.lastInboundWhatsAppAt ?? null,
      timeZone: timeZoneForCountry(country),
      // The health schedule's last reading of the Senders API (offline, flagged → SMS).
      // What the customer said on the ticket: a planned pickup, a quote decision.
      customerPlan: inputs.ticket
        ? {
            quoteDecision: inputs.ticket.quoteDecision ?? null,
            pickupPlannedFor: inputs.ticket.pickupPlannedFor ?? null,
          }
        : null,
      whatsappSender: settings.whatsappSender
        ? {
            status: settings.whatsappSender.status,
            qualityRating: settings.whatsappSender.qualityRating,
          }
        : null,
    },
  );
}
