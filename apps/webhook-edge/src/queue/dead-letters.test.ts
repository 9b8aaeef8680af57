import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import {
  EVENT_ID_HEADER,
  type ForwardedEvent,
  SIGNATURE_HEADER,
  verifyForwardedSignature,
} from '@omega/forwarding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_BINDINGS } from '../../test/support/bindings.ts';
import { bindings } from '../../test/support/worker.ts';
import worker from '../index.ts';
import { DEAD_LETTER_QUEUE } from './names.ts';

function event(n: number): ForwardedEvent {
  return {
    id: `status:SM${n}:delivered`,
    type: 'status',
    receivedAt: '2026-05-01T10:00:00.000Z',
    notificationId: `notif_${n}`,
    params: { MessageSid: `SM${n}`, MessageStatus: 'delivered' },
  };
}

/** Runs the worker's queue handler on a batch of the dead-letter queue. */
async function replay(
  messages: { event: ForwardedEvent; attempts: number }[],
  overrides: Parameters<typeof bindings>[0] = {},
) {
  const batch = createMessageBatch<ForwardedEvent>(
    DEAD_LETTER_QUEUE,
    messages.map((m, i) => ({
      id: `dlq-${i}`,
      timestamp: new Date('2026-05-01T10:00:00Z'),
      attempts: m.attempts,
      body: m.event,
    })),
  );
  const delays: Record<string, number | undefined> = {};
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options) => {
      delays[message.id] = options?.delaySeconds;
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, bindings(overrides));
  const result = await getQueueResult(batch, ctx);
  return {
    acked: result.explicitAcks,
    retried: result.retryMessages.map(({ msgId }: { msgId: string }) => [msgId, delays[msgId]]),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('dead-letter consumer', () => {
  it('replays a dead letter into INGEST_URL, signed as the first delivery was, and acks it', async () => {
    const seen: Request[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      seen.push(new Request(input, init));
      return new Response(null, { status: 200 });
    });
    const info = vi.spyOn(console, 'log').mockImplementation(() => {});
    const result = await replay([{ event: event(1), attempts: 1 }]);
    expect(result).toEqual({ acked: ['dlq-0'], retried: [] });
    const request = seen[0] as Request;
    expect(request.url).toBe(TEST_BINDINGS.INGEST_URL);
    expect(request.headers.get(EVENT_ID_HEADER)).toBe('status:SM1:delivered');
    const body = await request.text();
    expect(JSON.parse(body)).toEqual(event(1));
    const check = await verifyForwardedSignature({
      secret: TEST_BINDINGS.INGEST_SECRET,
      header: request.headers.get(SIGNATURE_HEADER),
      body,
      now: Math.floor(Date.now() / 1000),
    });
    expect(check.ok).toBe(true);
    expect(JSON.parse(String(info.mock.calls[0]?.[0]))).toMatchObject({
      event: 'dead_letters_replayed',
      count: 1,
    });
  });

  it.each([
    // attempts → delay (10 min doubling, 3 h at most), and how it is logged
    [1, 600, 'warn', 'dead_letter_retry'],
    [2, 1200, 'warn', 'dead_letter_retry'],
    [5, 9600, 'warn', 'dead_letter_retry'],
    [6, 10_800, 'error', 'dead_letter_stuck'],
    [60, 10_800, 'error', 'dead_letter_stuck'],
    [101, 10_800, 'error', 'dead_letter_last_try'],
  ] as const)(
    'keeps a dead letter ingestion still refuses: try %i → %i s, %s %s',
    async (attempts, delay, level, name) => {
      vi.spyOn(globalThis, 'fetch').mockImplementation(
        async () => new Response('INGEST_HMAC_SECRET missing', { status: 503 }),
      );
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const result = await replay([{ event: event(1), attempts }]);
      expect(result).toEqual({ acked: [], retried: [['dlq-0', delay]] });
      const lines = (level === 'warn' ? warn : error).mock.calls.map((c) =>
        JSON.parse(String(c[0])),
      );
      expect(lines).toEqual([
        expect.objectContaining({
          event: name,
          id: 'status:SM1:delivered',
          attempts,
          delaySeconds: delay,
        }),
      ]);
    },
  );

  it('takes its first delay from DEAD_LETTER_RETRY_SECONDS, and treats each message on its own', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
      const id = new Headers(init?.headers).get(EVENT_ID_HEADER);
      if (id === 'status:SM3:delivered') throw new TypeError('fetch failed');
      return new Response(null, { status: id === 'status:SM2:delivered' ? 401 : 204 });
    });
    const result = await replay(
      [
        { event: event(1), attempts: 3 },
        { event: event(2), attempts: 1 },
        { event: event(3), attempts: 2 },
      ],
      { DEAD_LETTER_RETRY_SECONDS: '5' },
    );
    expect(result.acked).toEqual(['dlq-0']);
    expect(result.retried.sort()).toEqual([
      ['dlq-1', 5],
      ['dlq-2', 10],
    ]);
  });

  it('leaves the events queue to the first consumer (short backoff, then the dead-letter queue)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      async () => new Response(null, { status: 503 }),
    );
    const batch = createMessageBatch<ForwardedEvent>('omega-twilio-events', [
      { id: 'm-0', timestamp: new Date(), attempts: 1, body: event(1) },
    ]);
    let delay: number | undefined;
    const message = batch.messages[0] as Message<ForwardedEvent>;
    const retry = message.retry.bind(message);
    message.retry = (options) => {
      delay = options?.delaySeconds;
      retry(options);
    };
    await worker.queue(batch, bindings());
    expect(delay).toBe(15);
  });
});
