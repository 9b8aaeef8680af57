import type { OutboundFacts, OutboundMessage } from '../../adapters/port.ts';
import type { PipelineDeps } from '../deps.ts';

/** Sends through the channel's adapter (undefined when the channel has none). */
export function sendWith(deps: PipelineDeps, message: OutboundMessage) {
  const s = deps.senders;
  switch (message.channel) {
    case 'sms':
      return s.sms?.send(message);
    case 'whatsapp':
      return s.whatsapp?.send(message);
    case 'email':
      return s.email?.send(message);
    case 'push':
      return s.push?.send(message);
  }
}

/**
 * Asks the channel's provider for the messages matching an earlier attempt (undefined when the
 * channel's adapter cannot be asked: email, push).
 */
export function findWith(deps: PipelineDeps, facts: OutboundFacts, since: Date) {
  const sender = deps.senders[facts.channel];
  return sender?.find?.(facts, since);
}
