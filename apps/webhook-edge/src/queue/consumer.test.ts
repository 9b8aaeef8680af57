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

function event(n: number): ForwardedEvent {
  return {
    id: `status:SM${n}:delivered`,
    type: 'status',
    receivedAt: '2026-05-01T10:00:00.000Z',
    notificationId: `notif_${n}`,
    params: { MessageSid: `SM${n}`, MessageStatus: 'delivered' },
  };
}

async function consume(messages: { event: ForwardedEvent; attempts: number }[]) {
  const batch = createMessageBatch<ForwardedEvent>(
    'omega-twilio-events',
    messages.map((m, i) => ({
      id: `msg-${i}`,
      timestamp: new Date('2026-05-01T10:00:00Z'),
      attempts: m.attempts,
      body: m.event,
    })),
  );
  // The local harness reports which messages were retried but not their delay: record it.
  const delays: Record<string, number | undefined> = {};
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options) => {
      delays[message.id] = options?.delaySeconds;
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, bindings());
  const result = await getQueueResult(batch, ctx);
  return {
    ...result,
    retryMessages: result.retryMessages.map(({ msgId }: { msgId: string }) => ({
      msgId,
      delaySeconds: delays[msgId],
    })),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('queue consumer', () => {
  it('POSTs each event as signed JSON to INGEST_URL and acks it on 2xx', async () => {
    const seen: Request[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      seen.push(new Request(input, init));
      return new Response(null, { status: 204 });
    });
    const result = await consume([{ event: event(1), attempts: 1 }]);
    expect(result.explicitAcks).toEqual(['msg-0']);
    expect(result.retryMessages).toEqual([]);
    expect(seen).toHaveLength(1);
    const request = seen[0] as Request;
    expect(request.url).toBe(TEST_BINDINGS.INGEST_URL);
    expect(request.method).toBe('POST');
    expect(request.headers.get('Content-Type')).toBe('application/json');
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
  });

  it.each([
    ['a 500', 1, 15, () => new Response('boom', { status: 500 })],
    ['a 401 (secret mismatch)', 3, 60, () => new Response('no', { status: 401 })],
    ['a network error', 5, 240, () => Promise.reject(new TypeError('fetch failed'))],
  ])('retries with backoff after %s (attempt %i → %i s)', async (_name, attempts, delay, reply) => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => reply());
    const result = await consume([{ event: event(1), attempts }]);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: 'msg-0', delaySeconds: delay }]);
  });

  it('acks and retries messages of one batch independently', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
      const id = new Headers(init?.headers).get(EVENT_ID_HEADER);
      return new Response(null, { status: id === 'status:SM2:delivered' ? 503 : 200 });
    });
    const result = await consume([
      { event: event(1), attempts: 1 },
      { event: event(2), attempts: 2 },
      { event: event(3), attempts: 1 },
    ]);
    expect(result.explicitAcks.sort()).toEqual(['msg-0', 'msg-2']);
    expect(result.retryMessages).toEqual([{ msgId: 'msg-1', delaySeconds: 30 }]);
  });

  it('logs one line per batch for the forwarded events, one per failure', async () => {
    const info = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
      const id = new Headers(init?.headers).get(EVENT_ID_HEADER);
      return new Response(null, { status: id === 'status:SM2:delivered' ? 503 : 200 });
    });
    await consume([
      { event: event(1), attempts: 1 },
      { event: event(2), attempts: 1 },
      { event: event(3), attempts: 4 },
    ]);
    const lines = info.mock.calls.map((call) => JSON.parse(String(call[0])));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ event: 'events_forwarded', count: 2, retried: 1 });
    expect([...lines[0].ids].sort()).toEqual(['status:SM1:delivered', 'status:SM3:delivered']);
    expect(warn.mock.calls.map((call) => JSON.parse(String(call[0])).event)).toEqual([
      'forward_failed',
    ]);
  });
});
