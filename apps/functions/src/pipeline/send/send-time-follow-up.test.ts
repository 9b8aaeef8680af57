import { describe, expect, it } from 'vitest';
import { sendTimeFollowUp } from './dispatch.ts';

describe('sendTimeFollowUp', () => {
  it.each([
    ['whatsapp', 'no_approved_template', 'fail', 'switch_channel'],
    ['whatsapp', 'channel_not_configured', 'fail', 'switch_channel'],
    ['whatsapp', 63024, 'switch_channel', 'switch_channel'],
    ['whatsapp', 63016, 'use_template', 'use_template'],
    ['whatsapp', 21610, 'opt_out', null],
    ['whatsapp', 21211, 'suppress_number', null],
    ['whatsapp', 20429, 'retry', null],
    ['sms', 'no_approved_template', 'fail', null],
    ['sms', 30006, 'switch_channel', null],
    ['email', 'channel_not_configured', 'fail', null],
  ] as const)('%s failing with %s (%s) → %s', (channel, code, action, expected) => {
    expect(sendTimeFollowUp(channel, { code, action })).toBe(expected);
  });
});
