import { describe, expect, it } from 'vitest';
import { counterName, deliveredLatencyCounter, sentLatencyCounter } from './stats.ts';
import { parisDayAndMonth } from './timestamps.ts';

describe('statistics names', () => {
  it.each([
    [0, 'sms_sent_lt1s'],
    [999, 'sms_sent_lt1s'],
    [1000, 'sms_sent_lt5s'],
    [29_999, 'sms_sent_lt30s'],
    [299_999, 'sms_sent_lt300s'],
    [300_000, 'sms_sent_ge300s'],
  ])('%d ms to accepted → %s', (ms, name) => {
    expect(sentLatencyCounter('sms', ms)).toBe(name);
  });

  it('buckets delivery latency and keeps counter names flat and field-safe', () => {
    expect(deliveredLatencyCounter('whatsapp', 45_000)).toBe('whatsapp_delivered_lt60s');
    expect(counterName('sms', 'error', 21610)).toBe('sms_error_21610');
    expect(counterName('email', 'error', 'template_missing.variable')).toBe(
      'email_error_template_missing_variable',
    );
  });

  it.each([
    ['2026-03-01T22:59:59Z', '2026-03-01'],
    ['2026-03-01T23:00:00Z', '2026-03-02'],
    ['2026-07-31T22:00:00Z', '2026-08-01'],
  ])('%s is day %s in Paris', (iso, day) => {
    expect(parisDayAndMonth(new Date(iso)).day).toBe(day);
    expect(parisDayAndMonth(new Date(iso)).month).toBe(day.slice(0, 7));
  });
});
