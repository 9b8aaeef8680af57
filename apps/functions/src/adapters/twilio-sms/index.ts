import { type ChannelSender, SenderNotConfiguredError, type SmsMessage } from '../port.ts';
import {
  createTwilioMessage,
  findTwilioMessages,
  type LazyTwilio,
} from '../twilio-client/index.ts';

/** Builds the Messages API parameters of an SMS. */
export function smsCreateParams(message: SmsMessage): {
  to: string;
  body: string;
  statusCallback: string;
  messagingServiceSid?: string;
  from?: string;
} {
  const { messagingServiceSid, from } = message.sender;
  if (!messagingServiceSid && !from) {
    throw new SenderNotConfiguredError(
      'sms',
      'SMS sender: settings need twilio.messagingServiceSid or twilio.smsFrom',
    );
  }
  return {
    to: message.to,
    body: message.body,
    statusCallback: message.statusCallback,
    ...(messagingServiceSid ? { messagingServiceSid } : { from: from as string }),
  };
}

/** SMS through Twilio's Messages API. */
export function twilioSmsSender(client: LazyTwilio): ChannelSender<SmsMessage> {
  return {
    channel: 'sms',
    async send(message) {
      return createTwilioMessage(client, smsCreateParams(message));
    },
    find(facts, since) {
      return findTwilioMessages(client, facts, since);
    },
  };
}
