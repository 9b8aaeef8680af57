// Queue producer stand-ins for route tests: record, fail, or hold `send()`.
import type { ForwardedEvent } from '@omega/forwarding';

/** A producer that records what was sent. */
export function recordingQueue(): Queue<ForwardedEvent> & { sent: ForwardedEvent[] } {
  const sent: ForwardedEvent[] = [];
  return {
    sent,
    async send(body: ForwardedEvent) {
      sent.push(structuredClone(body));
    },
    async sendBatch(messages: Iterable<MessageSendRequest<ForwardedEvent>>) {
      for (const message of messages) sent.push(structuredClone(message.body));
    },
  } as unknown as Queue<ForwardedEvent> & { sent: ForwardedEvent[] };
}

/** A producer whose `send()` always rejects (queue outage). */
export function failingQueue(): Queue<ForwardedEvent> {
  return {
    send: () => Promise.reject(new Error('Queue send failed: service unavailable')),
    sendBatch: () => Promise.reject(new Error('Queue send failed: service unavailable')),
  } as unknown as Queue<ForwardedEvent>;
}

/** A producer whose `send()` resolves only when `release()` is called. */
export function gatedQueue(): Queue<ForwardedEvent> & { release: () => void; calls: number } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const queue = {
    calls: 0,
    release: () => release(),
    async send() {
      queue.calls++;
      await gate;
    },
    async sendBatch() {
      await gate;
    },
  };
  return queue as unknown as Queue<ForwardedEvent> & { release: () => void; calls: number };
}
