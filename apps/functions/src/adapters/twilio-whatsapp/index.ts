import { type ChannelSender, SenderNotConfiguredError, type WhatsAppMessage } from '../port.ts';
import {
  createTwilioMessage,
  findTwilioMessages,
  type LazyTwilio,
} from '../twilio-client/index.ts';

const WA = 'whatsapp:';

function whatsappAddress(value: string): string {
  return value.startsWith(WA) ? value : `${WA}${value}`;
}

/**
 * Builds the Messages API parameters of a WhatsApp message. Outside the 24 h window only
 * `ContentSid` + `ContentVariables` are sent, never `Body` (a template in `Body` fails with 63016).
 */
export function whatsappCreateParams(message: WhatsAppMessage): {
  to: string;
  statusCallback: string;
  messagingServiceSid?: string;
  from?: string;
  body?: string;
  mediaUrl?: string[];
  contentSid?: string;
  contentVariables?: string;
} {
  const { messagingServiceSid, from } = message.sender;
  if (!messagingServiceSid && !from) {
    throw new SenderNotConfiguredError(
      'whatsapp',
      'WhatsApp sender: settings need twilio.messagingServiceSid or twilio.whatsappFrom',
    );
  }
  const sender = messagingServiceSid
    ? { messagingServiceSid }
    : { from: whatsappAddress(from as string) };
  const content =
    message.content.mode === 'free_text'
      ? {
          body: message.content.body,
          // Media inside the window only: a template carries its own (omit MediaUrl then).
          ...(message.content.mediaUrl?.length ? { mediaUrl: message.content.mediaUrl } : {}),
        }
      : {
          contentSid: message.content.contentSid,
          contentVariables: JSON.stringify(message.content.variables),
        };
  return {
    to: whatsappAddress(message.to),
    statusCallback: message.statusCallback,
    ...sender,
    ...content,
  };
}

/** WhatsApp through Twilio's Messages API (same client as SMS, `whatsapp:` addresses). */
export function twilioWhatsAppSender(client: LazyTwilio): ChannelSender<WhatsAppMessage> {
  return {
    channel: 'whatsapp',
    async send(message) {
      return createTwilioMessage(client, whatsappCreateParams(message), 1);
    },
    find(facts, since) {
      return findTwilioMessages(client, facts, since, whatsappAddress);
    },
  };
}
