import { describe, expect, it } from 'vitest';
import { Recipients } from './recipients.ts';

const N = '+33612345678';

describe('Recipients: opt-outs per channel, as Twilio scopes them', () => {
  it('an SMS STOP blocks SMS only; a WhatsApp STOP blocks WhatsApp only', () => {
    const recipients = new Recipients([]);
    recipients.optOut(N, 'sms');
    expect(recipients.isOptedOut(N, 'sms')).toBe(true);
    expect(recipients.isOptedOut(N, 'whatsapp')).toBe(false);
    recipients.optOut(N, 'whatsapp');
    expect(recipients.isOptedOut(N, 'whatsapp')).toBe(true);
    expect(recipients.optOuts()).toEqual([{ number: N, channels: ['sms', 'whatsapp'] }]);
  });

  it('START lifts the channel it came on, and only that one', () => {
    const recipients = new Recipients([]);
    recipients.optOut(N, 'sms');
    recipients.optOut(N, 'whatsapp');
    recipients.optIn(N, 'whatsapp');
    expect(recipients.isOptedOut(N, 'whatsapp')).toBe(false);
    expect(recipients.isOptedOut(N, 'sms')).toBe(true);
    recipients.optIn(N, 'sms');
    expect(recipients.optedOutNumbers()).toEqual([]);
  });

  it('numbers opted out from the start are out of both channels, again after a reset', () => {
    const recipients = new Recipients(['+33600000610']);
    expect(recipients.isOptedOut('+33600000610', 'sms')).toBe(true);
    expect(recipients.isOptedOut('+33600000610', 'whatsapp')).toBe(true);
    recipients.optIn('+33600000610', 'sms');
    recipients.optOut(N, 'sms');
    recipients.reset();
    expect(recipients.isOptedOut('+33600000610', 'sms')).toBe(true);
    expect(recipients.isOptedOut(N)).toBe(false);
  });
});
