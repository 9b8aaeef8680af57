/**
 * WhatsApp's customer-service window: for 24 hours after the customer's last inbound
 * message, free-form text may be sent; outside it only an approved content template
 * (`ContentSid`) is accepted, otherwise Twilio fails the message with 63016.
 */

/** Length of the WhatsApp customer-service window: 24 hours, in milliseconds. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * How far in the future an inbound time may be and still count as "just now" (clocks of
 * Twilio and of our functions differ by a little); later than that it is bad data and opens
 * no window.
 */
export const WHATSAPP_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Options of {@link isInsideWhatsAppWindow} and {@link whatsappSendMode}. */
export interface WhatsAppWindowOptions {
  /**
   * Safety margin before the window closes, in ms (default 0): with a 10-minute margin a
   * message planned 23 h 55 min after the last inbound goes as a template, so it cannot
   * reach Twilio after the window has closed.
   */
  marginMs?: number;
}

/**
 * Whether `now` is inside the 24-hour window opened by the customer's last inbound
 * WhatsApp message: `0 ≤ now − lastInboundAt < 24 h − margin` (an inbound stamped up to
 * 5 minutes in the future counts as just received). Exactly 24 h after is outside. No inbound
 * message ever (`null`) means outside.
 *
 * @example
 * isInsideWhatsAppWindow(new Date('2026-03-01T10:00:00Z'), new Date('2026-03-02T09:59:59.999Z')); // true
 * isInsideWhatsAppWindow(new Date('2026-03-01T10:00:00Z'), new Date('2026-03-02T10:00:00Z')); // false
 */
export function isInsideWhatsAppWindow(
  lastInboundAt: Date | null | undefined,
  now: Date,
  options: WhatsAppWindowOptions = {},
): boolean {
  if (lastInboundAt == null) return false;
  const elapsed = now.getTime() - lastInboundAt.getTime();
  const margin = options.marginMs ?? 0;
  return elapsed >= -WHATSAPP_CLOCK_SKEW_MS && elapsed < WHATSAPP_WINDOW_MS - margin;
}

/**
 * When the window opened by `lastInboundAt` closes (24 h later), or `null` with no inbound.
 */
export function whatsappWindowClosesAt(lastInboundAt: Date | null | undefined): Date | null {
  if (lastInboundAt == null) return null;
  return new Date(lastInboundAt.getTime() + WHATSAPP_WINDOW_MS);
}

/** How a WhatsApp message must be sent: free text inside the window, a template outside. */
export type WhatsAppSendMode = 'free_text' | 'template';

/**
 * `free_text` inside the 24-hour window, `template` (approved `ContentSid`) outside it.
 *
 * @example
 * whatsappSendMode(null, now); // 'template'
 */
export function whatsappSendMode(
  lastInboundAt: Date | null | undefined,
  now: Date,
  options: WhatsAppWindowOptions = {},
): WhatsAppSendMode {
  return isInsideWhatsAppWindow(lastInboundAt, now, options) ? 'free_text' : 'template';
}
