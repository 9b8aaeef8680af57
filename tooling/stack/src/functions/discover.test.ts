import { onDocumentCreated, onDocumentWritten } from 'firebase-functions/v2/firestore';
import { onRequest } from 'firebase-functions/v2/https';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onTaskDispatched } from 'firebase-functions/v2/tasks';
import { describe, expect, it } from 'vitest';
import { discoverFunctions } from './discover.ts';

describe('discoverFunctions', () => {
  it('reads each deployed function from its declaration, as the Firebase CLI does', () => {
    const found = discoverFunctions({
      hook: onRequest({ region: 'europe-west1' }, (_req, res) => {
        res.send('ok');
      }),
      created: onDocumentCreated(
        { document: 'tickets/{ticketId}', region: 'europe-west1', retry: true },
        async () => {},
      ),
      written: onDocumentWritten('clients/{clientId}', async () => {}),
      nested: onDocumentWritten('conversations/{e164}/messages/{sid}', async () => {}),
      nightly: onSchedule({ schedule: '0 9,14 * * *', timeZone: 'Europe/Paris' }, async () => {}),
      send: onTaskDispatched(
        {
          retryConfig: {
            maxAttempts: 10,
            minBackoffSeconds: 10,
            maxBackoffSeconds: 600,
            maxDoublings: 4,
          },
          rateLimits: { maxConcurrentDispatches: 10, maxDispatchesPerSecond: 10 },
        },
        async () => {},
      ),
      plainTask: onTaskDispatched(async () => {}),
      helper: () => 1,
      constant: 42,
    });
    const summary = found.map((f) => {
      const {
        run: _run,
        handler: _handler,
        ...rest
      } = f as typeof f & { run?: unknown; handler?: unknown };
      return rest;
    });
    expect(summary).toEqual([
      { name: 'hook', region: 'europe-west1', kind: 'https' },
      {
        name: 'created',
        region: 'europe-west1',
        kind: 'firestore',
        event: 'created',
        collection: 'tickets',
        param: 'ticketId',
        retry: true,
      },
      {
        name: 'written',
        region: 'us-central1',
        kind: 'firestore',
        event: 'written',
        collection: 'clients',
        param: 'clientId',
        retry: false,
      },
      {
        name: 'nested',
        region: 'us-central1',
        kind: 'unsupported',
        why: 'document pattern conversations/{e164}/messages/{sid}',
      },
      {
        name: 'nightly',
        region: 'us-central1',
        kind: 'schedule',
        schedule: '0 9,14 * * *',
        timeZone: 'Europe/Paris',
      },
      {
        name: 'send',
        region: 'us-central1',
        kind: 'task',
        retryConfig: {
          maxAttempts: 10,
          minBackoffSeconds: 10,
          maxBackoffSeconds: 600,
          maxDoublings: 4,
        },
        rateLimits: { maxConcurrentDispatches: 10, maxDispatchesPerSecond: 10 },
      },
      {
        // Nothing declared: firebase-functions writes its reset values (null), which mean
        // Cloud Tasks' defaults.
        name: 'plainTask',
        region: 'us-central1',
        kind: 'task',
        retryConfig: {
          maxAttempts: 3,
          minBackoffSeconds: 0.1,
          maxBackoffSeconds: 3600,
          maxDoublings: 16,
        },
        rateLimits: { maxConcurrentDispatches: 1000, maxDispatchesPerSecond: 500 },
      },
    ]);
  });
});

describe('the schedules of @omega/functions', () => {
  it('are all on the local stack’s schedules page, the quote chasers included', async () => {
    const found = discoverFunctions((await import('@omega/functions')) as Record<string, unknown>);
    const schedules = found.flatMap((f) =>
      f.kind === 'schedule' ? [{ name: f.name, schedule: f.schedule, timeZone: f.timeZone }] : [],
    );
    expect(schedules).toContainEqual({
      name: 'quoteChasers',
      schedule: '20 * * * *',
      timeZone: 'Europe/Paris',
    });
    expect(schedules.map((s) => s.name)).toContain('pickupReminders');
  });
});
