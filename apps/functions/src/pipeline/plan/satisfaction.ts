import {
  decideSurvey,
  type NotificationPlan,
  surveyCustomerKey,
  surveyPlan,
  surveySendTime,
} from '@omega/core';
import type { DocumentReference } from 'firebase-admin/firestore';
import { logs } from '../../logs.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type { TicketDoc } from '../../store/documents.ts';
import { readLastSurvey, surveyChangeId } from '../../store/satisfaction.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps } from '../deps.ts';

/** What a picked-up ticket's survey calls for (see {@link prepareSurvey}). */
export type SurveyPreparation =
  | { action: 'skip'; reason: 'recent_survey' }
  /** Planned before (a redelivered trigger): enqueue what `changeId` planned. */
  | { action: 'resume'; changeId: string }
  | {
      action: 'plan';
      customerKey: string;
      request: {
        kind: 'satisfaction_survey';
        changeId: string;
        adjust: (plan: NotificationPlan) => NotificationPlan;
      };
      marker: {
        ref: DocumentReference;
        data: Record<string, unknown>;
        lastUpdateTime: FirebaseFirestore.Timestamp | null;
        onlyIfSent: true;
        counters: Record<string, number>;
      };
    };

/**
 * The satisfaction survey of a ticket that has just been picked up (the ticket trigger plans
 * it with `planNotifications`): one `satisfaction_survey` request (change id
 * `satisfaction~<ticketId>`: once per ticket) whose plan core's `surveyPlan` narrows to one
 * channel, deferred to the next morning (core's `surveySendTime` in the recipient's zone,
 * inside the send window); the send task's gate decides at that time (consent, suppression,
 * superseded once the ticket is no longer picked up, budget). The cascade applies the lawful
 * basis: the survey is not a service kind, so a walk-in who did not consent gets none.
 *
 * At most once per customer per 90 days (core's `decideSurvey`): the marker
 * `satisfaction_contacts/{key}` (`customer_<id>` or `client_<id>`) goes in the batch of the
 * history documents — created, or updated under its update-time precondition — only when a
 * channel goes out, so of two concurrent surveys of one customer's tickets one batch fails. A
 * redelivered trigger finds its own ticket there and resumes.
 */
export async function prepareSurvey(
  deps: PipelineDeps,
  input: { ticketId: string; ticket: TicketDoc; pickedUpAt: Date },
): Promise<SurveyPreparation> {
  const { ticketId, ticket } = input;
  const customerKey = surveyCustomerKey({
    customerId: ticket.customerId,
    clientId: ticket.clientId,
  });
  const changeId = surveyChangeId(ticketId);
  const { last, updateTime } = await readLastSurvey(deps.db, customerKey);
  const decision = decideSurvey({ ticketId, last, now: input.pickedUpAt });
  if (decision.action === 'resume') return { action: 'resume', changeId };
  if (decision.action === 'skip') {
    logs.triggerIgnored(ticketId, 'satisfaction survey: customer surveyed less than 90 days ago');
    return { action: 'skip', reason: 'recent_survey' };
  }
  const settings = await deps.settings.get();
  return {
    action: 'plan',
    customerKey,
    request: {
      kind: 'satisfaction_survey',
      changeId,
      adjust: (plan) =>
        surveyPlan(plan, surveySendTime(input.pickedUpAt, plan.timeZone, settings.core.sendWindow)),
    },
    marker: {
      ref: deps.db.collection(COLLECTIONS.satisfactionContacts).doc(customerKey),
      data: {
        customerKey,
        customerId: ticket.customerId ?? null,
        clientId: ticket.clientId,
        ticketId,
        lastSurveyAt: ts(input.pickedUpAt),
      },
      lastUpdateTime: updateTime,
      onlyIfSent: true,
      counters: { satisfaction_planned: 1 },
    },
  };
}
