import type { ContentStore } from './content-store.ts';
import { type InboundDeps, type InboundResult, simulateInbound } from './inbound.ts';
import { richContentOf, sentVariables } from './rich-content.ts';

/** A tap on a quick-reply button of a WhatsApp message the sandbox received. */
export interface ButtonTapInput {
  /** The outbound message whose button is tapped. */
  messageSid: string;
  /** The button's position among the template's buttons (as the inbox lists them)… */
  index?: number;
  /** …or its id (the payload). */
  id?: string;
  /** Webhook URL; defaults to the `inboundUrl` option. */
  url?: string;
}

/** Why a tap could not be made. */
export interface ButtonTapError {
  code: 'unknown_message' | 'not_a_template' | 'no_such_button';
  message: string;
}

/**
 * Taps a quick-reply button the way a WhatsApp user does: Twilio then POSTs the signed
 * incoming-message webhook with `MessageType=button`, `ButtonPayload` (the button's id, its
 * variables filled in as sent), `ButtonText` and `Body` (the title), from the customer to the
 * sender, replying to the message (`OriginalRepliedMessageSid`).
 */
export async function tapButton(
  deps: InboundDeps & { contents: ContentStore },
  input: ButtonTapInput,
): Promise<{ ok: true; value: InboundResult } | { ok: false; error: ButtonTapError }> {
  const message = deps.store.get(input.messageSid);
  if (message?.direction !== 'outbound-api' || message.channel !== 'whatsapp') {
    return {
      ok: false,
      error: {
        code: 'unknown_message',
        message: `no outbound WhatsApp message ${input.messageSid}`,
      },
    };
  }
  const content = message.contentSid ? deps.contents.get(message.contentSid) : undefined;
  if (!content) {
    return {
      ok: false,
      error: { code: 'not_a_template', message: `${message.sid} was not sent with a template` },
    };
  }
  const buttons = richContentOf(content, sentVariables(message.contentVariables)).buttons;
  const button =
    input.id !== undefined
      ? buttons.find((b) => b.type === 'QUICK_REPLY' && b.id === input.id)
      : buttons[input.index ?? -1];
  if (button?.type !== 'QUICK_REPLY') {
    return {
      ok: false,
      error: { code: 'no_such_button', message: `${message.sid} has no such quick-reply button` },
    };
  }
  const result = await simulateInbound(deps, {
    from: message.to,
    ...(message.from ? { to: message.from } : {}),
    channel: 'whatsapp',
    body: button.title,
    buttonText: button.title,
    buttonPayload: button.id ?? button.title,
    repliedToSid: message.sid,
    ...(input.url ? { url: input.url } : {}),
  });
  return result.ok
    ? result
    : { ok: false, error: { code: 'unknown_message', message: result.error.message } };
}
