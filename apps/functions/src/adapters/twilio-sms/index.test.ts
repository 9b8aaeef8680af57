import { describe, expect, it } from 'vitest';
import type { SmsMessage } from '../port.ts';
import { smsCreateParams } from './index.ts';

const base: SmsMessage = {
  channel: 'sms',
  notificationId: 'T1_sms_abc',
  to: '+33612345678',
  body: 'Bonjour',
  sender: {},
  statusCallback: 'https://edge.example/twilio/status?n=T1_sms_abc#rc=3&rp=ct,rt,5xx',
};

describe('smsCreateParams', () => {
  it('prefers the Messaging Service over a sender', () => {
    expect(
      smsCreateParams({ ...base, sender: { messagingServiceSid: 'MG1', from: 'OMEGA' } }),
    ).toEqual({
      to: '+33612345678',
      body: 'Bonjour',
      statusCallback: base.statusCallback,
      messagingServiceSid: 'MG1',
    });
  });

  it('uses the alphanumeric sender when there is no Messaging Service', () => {
    const params = smsCreateParams({ ...base, sender: { from: 'OMEGA' } });
    expect(params.from).toBe('OMEGA');
    expect(params).not.toHaveProperty('messagingServiceSid');
  });

  it('refuses to send without any sender (a configuration bug)', () => {
    expect(() => smsCreateParams(base)).toThrow(/messagingServiceSid/);
  });
});
