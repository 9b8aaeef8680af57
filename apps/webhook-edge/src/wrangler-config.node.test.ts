// Deployment configuration checks (read in Node: workerd has no file system).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deadLetterDelaySeconds } from './queue/backoff.ts';
import { DEAD_LETTER_MAX_RETRIES, DEAD_LETTER_QUEUE, EVENTS_QUEUE_NAME } from './queue/names.ts';

interface WranglerConfig {
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  vars: Record<string, string>;
  queues: {
    producers: { binding: string; queue: string }[];
    consumers: { queue: string; max_retries?: number; dead_letter_queue?: string }[];
  };
}

// JSONC → JSON: drop comments outside strings (no trailing commas in this file).
function parseJsonc(text: string): unknown {
  return JSON.parse(text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '$1'));
}

const config = parseJsonc(
  readFileSync(new URL('../wrangler.jsonc', import.meta.url), 'utf8'),
) as WranglerConfig;

describe('wrangler.jsonc', () => {
  it('uses a compatibility date the pinned workerd accepts (≤ 2026-05-03)', () => {
    expect(config.compatibility_date <= '2026-05-03').toBe(true);
    expect(config.compatibility_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('does not need nodejs_compat', () => {
    expect(config.compatibility_flags ?? []).not.toContain('nodejs_compat');
  });

  it('binds EVENTS_QUEUE and consumes the same queue with retries and a dead-letter queue', () => {
    const producer = config.queues.producers.find((p) => p.binding === 'EVENTS_QUEUE');
    expect(producer).toBeDefined();
    const consumer = config.queues.consumers.find((c) => c.queue === producer?.queue);
    expect(consumer?.max_retries).toBeGreaterThanOrEqual(3);
    expect(consumer?.dead_letter_queue).toBeTruthy();
    expect(consumer?.dead_letter_queue).not.toBe(producer?.queue);
  });

  it('consumes the dead-letter queue with the retries dead-letters.ts counts on, and no further dead-letter queue', () => {
    const main = config.queues.consumers.find((c) => c.queue === EVENTS_QUEUE_NAME);
    expect(main?.dead_letter_queue).toBe(DEAD_LETTER_QUEUE);
    const dlq = config.queues.consumers.find((c) => c.queue === DEAD_LETTER_QUEUE);
    expect(dlq?.max_retries).toBe(DEAD_LETTER_MAX_RETRIES);
    expect(dlq?.dead_letter_queue).toBeUndefined();
    // The last replay comes before the 14-day retention the deploy guide sets ends.
    let total = 0;
    for (let attempts = 1; attempts <= DEAD_LETTER_MAX_RETRIES; attempts++)
      total += deadLetterDelaySeconds(attempts);
    expect(total).toBeLessThan(14 * 86_400);
    expect(total).toBeGreaterThan(7 * 86_400);
  });

  it('keeps secrets out of vars', () => {
    expect(Object.keys(config.vars)).not.toContain('TWILIO_AUTH_TOKEN');
    expect(Object.keys(config.vars)).not.toContain('INGEST_SECRET');
  });
});
