import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isInsideWhatsAppWindow,
  WHATSAPP_CLOCK_SKEW_MS,
  WHATSAPP_WINDOW_MS,
  whatsappSendMode,
  whatsappWindowClosesAt,
} from './whatsapp-window.ts';

const inbound = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(inbound.getTime() + ms);
const H = 60 * 60 * 1000;

describe('isInsideWhatsAppWindow / whatsappSendMode', () => {
  it('the window lasts exactly 24 hours', () => {
    expect(WHATSAPP_WINDOW_MS).toBe(86_400_000);
    expect(WHATSAPP_CLOCK_SKEW_MS).toBe(300_000);
  });

  it.each([
    ['at the inbound instant', 0, true],
    ['1 ms later', 1, true],
    ['12 h later', 12 * H, true],
    ['24 h − 1 ms later', 24 * H - 1, true],
    ['exactly 24 h later', 24 * H, false],
    ['24 h + 1 ms later', 24 * H + 1, false],
    ['3 days later', 72 * H, false],
    ['inbound stamped 5 min in the future (clock skew)', -5 * 60_000, true],
    ['inbound stamped 5 min + 1 ms in the future', -5 * 60_000 - 1, false],
    ['inbound stamped a day in the future (bad data)', -24 * H, false],
  ])('%s → inside = %s', (_label, elapsed, inside) => {
    expect(isInsideWhatsAppWindow(inbound, at(elapsed))).toBe(inside);
    expect(whatsappSendMode(inbound, at(elapsed))).toBe(inside ? 'free_text' : 'template');
  });

  it.each([null, undefined])('no inbound message ever (%s) → template', (last) => {
    expect(isInsideWhatsAppWindow(last, inbound)).toBe(false);
    expect(whatsappSendMode(last, inbound)).toBe('template');
  });

  it.each([
    [24 * H - 10 * 60_000 - 1, true],
    [24 * H - 10 * 60_000, false],
  ])(
    'a 10-minute margin closes the window early (elapsed %d ms → inside %s)',
    (elapsed, inside) => {
      expect(isInsideWhatsAppWindow(inbound, at(elapsed), { marginMs: 10 * 60_000 })).toBe(inside);
      expect(whatsappSendMode(inbound, at(elapsed), { marginMs: 10 * 60_000 })).toBe(
        inside ? 'free_text' : 'template',
      );
    },
  );

  it('property: inside exactly when 0 ≤ elapsed < 24 h (past inbound)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 24 * H }), (elapsed) => {
        expect(isInsideWhatsAppWindow(inbound, at(elapsed))).toBe(elapsed < WHATSAPP_WINDOW_MS);
      }),
    );
  });
});

describe('whatsappWindowClosesAt', () => {
  it('is 24 h after the last inbound message', () => {
    expect(whatsappWindowClosesAt(inbound)?.toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
  it('is null without an inbound message', () => {
    expect(whatsappWindowClosesAt(null)).toBeNull();
    expect(whatsappWindowClosesAt(undefined)).toBeNull();
  });
});
