// Deployment configuration checks (read in Node: workerd has no file system).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

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

  it('keeps secrets out of vars', () => {
    expect(Object.keys(config.vars)).not.toContain('TWILIO_AUTH_TOKEN');
    expect(Object.keys(config.vars)).not.toContain('INGEST_SECRET');
  });
});
