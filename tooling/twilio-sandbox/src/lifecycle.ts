import { NO_CALLBACK_FAULTS } from './faults.ts';
import { ERROR_MESSAGES, magicFailure, type PlannedFailure } from './magic-numbers.ts';
import type { MessageRecord, MessageStatus } from './message-record.ts';
import type { MessageStore } from './message-store.ts';
import type { ResolvedOptions } from './options.ts';
import { priceOf } from './prices.ts';
import type { Recipients } from './recipients.ts';
import type { Timers } from './timers.ts';
import type { WebhookSender } from './webhook-sender.ts';

/** `YYMMDDhhmm` in UTC, as Twilio's `RawDlrDoneDate`. */
function rawDlrDoneDate(at: Date): string {
  const iso = at.toISOString();
  return (
    iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16)
  );
}

/** Form parameters of a status callback, with Twilio's field names. */
export function statusCallbackParams(message: MessageRecord): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: '2010-04-01',
    From: message.from ?? '',
    MessageSid: message.sid,
    MessageStatus: message.status,
    SmsSid: message.sid,
    SmsStatus: message.status,
    To: message.to,
  };
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if (message.errorCode !== null) {
    params.ErrorCode = String(message.errorCode);
    if (message.errorMessage) params.ErrorMessage = message.errorMessage;
  }
  if (message.channel === 'whatsapp') {
    params.ChannelPrefix = 'whatsapp';
    params.ChannelToAddress = message.to.replace(/^whatsapp:/i, '');
  } else if (message.status === 'delivered' || message.status === 'undelivered') {
    params.RawDlrDoneDate = rawDlrDoneDate(message.dateUpdated);
  }
  return params;
}

/**
 * Plays a message's life after the create response: each status change after the initial one,
 * each announced by a signed status callback, with the failure its destination calls for.
 * Callbacks of one message are delivered one after the other, in order, unless a fault says
 * otherwise.
 */
export class Lifecycle {
  constructor(
    private readonly store: MessageStore,
    private readonly timers: Timers,
    private readonly sender: WebhookSender,
    private readonly recipients: Recipients,
    private readonly options: ResolvedOptions,
  ) {}

  /** Starts a message created for immediate sending (`queued` or `accepted`). */
  begin(message: MessageRecord): void {
    void this.#run(message);
  }

  /** Arms a scheduled message: it leaves `scheduled` at `SendAt` unless canceled first. */
  schedule(message: MessageRecord): void {
    const at = message.sendAt?.getTime() ?? Date.now();
    const delay = this.options.scheduledSendDelayMs ?? at - Date.now();
    this.timers.after(delay, () => {
      if (message.status === 'scheduled') void this.#run(message);
    });
  }

  /** Cancels a scheduled message (`canceled`, with its callback). */
  cancel(message: MessageRecord): void {
    this.store.setStatus(message, 'canceled');
    this.#notifier(message).notify();
  }

  /** The asynchronous failure this message will meet, decided when it leaves the queue. */
  plannedFailure(message: MessageRecord): PlannedFailure | null {
    const number = message.to.replace(/^whatsapp:/i, '');
    const freeText = message.contentSid === null;
    const magic = magicFailure(message.channel, number, freeText);
    if (magic) return magic;
    if (
      message.channel === 'whatsapp' &&
      freeText &&
      this.options.whatsappWindow &&
      !this.recipients.windowOpen(number, Date.now())
    ) {
      return { status: 'failed', code: 63016 };
    }
    return null;
  }

  async #run(message: MessageRecord): Promise<void> {
    const delays = this.options.delays;
    const notifier = this.#notifier(message);
    const step = (status: MessageStatus) => {
      this.store.setStatus(message, status);
      notifier.notify();
    };
    if (message.status === 'accepted' || message.status === 'scheduled') {
      await this.timers.sleep(delays.queued);
      // The status may have changed while waiting (a scheduled message can be canceled).
      if ((message.status as MessageStatus) === 'canceled') return;
      if (message.from === null) {
        message.from =
          message.channel === 'whatsapp'
            ? this.options.defaultSenders.whatsapp
            : this.options.defaultSenders.sms;
      }
      message.numSegments = message.bodySegments;
      step('queued');
    }
    const queuedAt = Date.now();
    await this.timers.sleep(delays.sending);
    if (Date.now() - queuedAt > message.validityPeriod * 1000) {
      this.#fail(message, { status: 'failed', code: 30036 }, step);
      return notifier.flush();
    }
    const failure = this.plannedFailure(message);
    if (failure?.status === 'failed') {
      await this.timers.sleep(delays.final);
      this.#fail(message, failure, step);
      return notifier.flush();
    }
    step('sending');
    await this.timers.sleep(delays.sent);
    message.dateSent = new Date();
    step('sent');
    await this.timers.sleep(delays.final);
    if (failure) {
      this.#price(message);
      this.#fail(message, failure, step);
      return notifier.flush();
    }
    this.#price(message);
    step('delivered');
    if (message.channel === 'whatsapp') {
      await this.timers.sleep(delays.read);
      step('read');
    }
    notifier.flush();
  }

  #fail(
    message: MessageRecord,
    failure: PlannedFailure,
    step: (status: MessageStatus) => void,
  ): void {
    message.errorCode = failure.code;
    message.errorMessage = ERROR_MESSAGES[failure.code] ?? null;
    step(failure.status);
  }

  #price(message: MessageRecord): void {
    const { prices } = this.options;
    message.price = priceOf(prices, message.channel, message.country, message.bodySegments);
    message.priceUnit = prices.unit;
  }

  /**
   * Sends one message's callbacks in order, with its faults: `duplicate` sends each twice;
   * `out-of-order` holds the `sent` callback back until the message's life is over; `late`
   * sends each one `lateMs` after its status change (the status itself moves on time, so a
   * fetch already shows it). The faults combine.
   */
  #notifier(message: MessageRecord) {
    const { kinds, lateMs } = message.callbackFaults ?? NO_CALLBACK_FAULTS;
    let chain: Promise<unknown> = Promise.resolve();
    const held: Record<string, string>[] = [];
    const send = (params: Record<string, string>) => {
      const url = message.statusCallback;
      if (!url) return;
      const due = Date.now() + (kinds.has('late') ? lateMs : 0);
      const copies = kinds.has('duplicate') ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        chain = chain
          .then(async () => {
            const wait = due - Date.now();
            if (wait > 0) await this.timers.sleep(wait);
            return this.sender.deliver('status', url, params, (delivery) => {
              if (!message.callbacks.includes(delivery)) message.callbacks.push(delivery);
              this.store.changed();
            });
          })
          .catch((error: unknown) => this.options.log(`status callback failed: ${String(error)}`));
      }
    };
    return {
      notify: () => {
        const params = statusCallbackParams(message);
        if (kinds.has('out-of-order') && message.status === 'sent') held.push(params);
        else send(params);
      },
      flush: () => {
        for (const params of held.splice(0)) send(params);
      },
    };
  }
}
