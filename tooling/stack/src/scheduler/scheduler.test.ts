import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startScheduler } from './scheduler.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(new Date('2026-03-02T07:59:30Z')); // 08:59:30 in Paris
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startScheduler', () => {
  it('calls each handler at its declared times in its time zone', async () => {
    const calls: string[] = [];
    const scheduler = startScheduler(
      [
        {
          name: 'pickupReminders',
          schedule: '0 9,14 * * *',
          timeZone: 'Europe/Paris',
          run: async () => {
            calls.push(`pickup@${new Date().toISOString()}`);
          },
        },
        {
          name: 'budgetCheck',
          schedule: 'every 15 minutes',
          timeZone: 'Europe/Paris',
          run: async () => {
            calls.push(`budget@${new Date().toISOString()}`);
          },
        },
      ],
      { log: () => {} },
    );
    expect(scheduler.jobs().map((j) => [j.name, j.nextAt])).toEqual([
      ['pickupReminders', '2026-03-02T08:00:00.000Z'],
      ['budgetCheck', '2026-03-02T08:14:30.000Z'],
    ]);
    await vi.advanceTimersByTimeAsync(5 * 3_600_000 + 60_000);
    scheduler.stop();
    expect(calls.filter((c) => c.startsWith('pickup'))).toEqual([
      'pickup@2026-03-02T08:00:00.000Z',
      'pickup@2026-03-02T13:00:00.000Z',
    ]);
    expect(calls.filter((c) => c.startsWith('budget'))).toHaveLength(20);
  });

  it('skips a run while the previous one is still going, and runs on demand', async () => {
    let release: () => void = () => {};
    let runs = 0;
    const scheduler = startScheduler(
      [
        {
          name: 'slow',
          schedule: 'every 1 minute',
          timeZone: 'UTC',
          run: () => {
            runs += 1;
            return new Promise<void>((r) => {
              release = r;
            });
          },
        },
      ],
      { log: () => {} },
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(1);
    await expect(scheduler.runNow('slow')).resolves.toBeNull();
    expect(scheduler.jobs()[0]?.lastResult).toBe('skipped (still running)');
    release();
    await vi.advanceTimersByTimeAsync(0);
    const now = scheduler.runNow('slow');
    release();
    await now;
    expect(runs).toBe(2);
    expect(scheduler.jobs()[0]?.lastResult).toBe('ok');
    await expect(scheduler.runNow('nope')).rejects.toThrow('no schedule named nope');
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(runs).toBe(2);
  });
});
