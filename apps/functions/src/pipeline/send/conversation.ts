import type { OutboundMessage } from '../../adapters/port.ts';
import { isAlreadyExists } from '../../store/claims.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { addStats, conversationReplyCounter } from '../../store/stats.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps } from '../deps.ts';
import type { SendJob } from './job.ts';

/** The text of a sent message as the conversation shows it. */
export function shownText(message: OutboundMessage): string {
  if (message.channel === 'sms') return message.body;
  if (message.channel === 'whatsapp') {
    return message.content.mode === 'free_text'
      ? message.content.body
      : `[modèle ${message.content.contentSid}]`;
  }
  return '';
}

/**
 * Adds a sent automatic answer to the customer's conversation thread (`direction: outbound`,
 * `actor: auto`), keyed by the provider's message id (`create()`: recorded once). Unread count
 * and staff flag are left as they are: an automatic answer is not a staff reply. Counted as
 * `conversation_replies_auto` (engagement) in the same batch.
 */
export async function addAnswerToConversation(
  deps: PipelineDeps,
  job: SendJob,
  providerId: string,
  message: OutboundMessage,
): Promise<void> {
  if (!job.to) return;
  const now = deps.clock();
  const batch = deps.db.batch();
  batch.create(
    deps.db
      .collection(COLLECTIONS.conversations)
      .doc(job.to)
      .collection('messages')
      .doc(providerId),
    {
      direction: 'outbound',
      channel: job.channel,
      // The shop's location pin has no text: staff see what it showed.
      body: job.locationOf ? '📍 Emplacement de la boutique (carte WhatsApp)' : shownText(message),
      buttonPayload: null,
      ticketId: job.ticketId,
      at: ts(now),
      notificationId: job.notificationId,
      intent: null,
      kind: job.kind,
      actor: 'auto',
      inReplyTo: job.replyTo?.messageSid ?? null,
    },
  );
  // Counted with the message's create(): an answer recorded again counts nothing.
  addStats(batch, deps.db, now, { [conversationReplyCounter('auto')]: 1 });
  try {
    await batch.commit();
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}
