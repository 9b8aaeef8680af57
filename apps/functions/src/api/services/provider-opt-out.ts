import type { MessagingChannel } from '@omega/core';
import { ApiError } from '../../http/index.ts';

const LABEL: Readonly<Record<MessagingChannel, string>> = { sms: 'SMS', whatsapp: 'WhatsApp' };

/**
 * The staff API's refusal of a grant on a channel Twilio's opt-out list holds (409, nothing
 * written): the customer sent STOP to Twilio (or Twilio refused a message with 21610), so Twilio
 * refuses every message on that channel until the customer sends START themselves; an accord at
 * the counter cannot lift it.
 */
export function providerOptOutRefusal(channels: readonly MessagingChannel[]): ApiError {
  const names = channels.map((c) => LABEL[c]).join(' et ');
  return new ApiError(
    409,
    'provider_opt_out',
    `Le client a répondu STOP (${names}) : Twilio refuse tout message ${names} vers ce numéro tant que le client n’a pas envoyé lui-même START. Rien n’a été enregistré : demandez-lui d’envoyer START par ${names}.`,
  );
}
