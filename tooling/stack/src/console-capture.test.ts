import { describe, expect, it } from 'vitest';
import { formatFunctionsLine } from './console-capture.ts';

describe('formatFunctionsLine', () => {
  it.each([
    [
      '{"event":"notification_planned","notificationId":"t1_sms_1","channel":"sms","action":"send","severity":"INFO","message":"notification_planned"}',
      {
        piece: 'functions',
        text: 'notification_planned notificationId=t1_sms_1 channel=sms action=send',
      },
    ],
    [
      '{"severity":"WARNING","message":"consent_withdrawn","event":"consent_withdrawn","e164":"+336******33","extra":{"a":1},"none":null}',
      { piece: 'functions', text: 'WARNING consent_withdrawn e164=+336******33 extra={"a":1}' },
    ],
    [
      'MailDev API running at http://127.0.0.1:1080',
      { piece: 'mail', text: 'MailDev API running at http://127.0.0.1:1080' },
    ],
    ['plain text', { piece: 'stack', text: 'plain text' }],
    ['{"not":"a log entry"}', { piece: 'stack', text: '{"not":"a log entry"}' }],
    ['{broken json', { piece: 'stack', text: '{broken json' }],
  ])('%s', (line, expected) => {
    expect(formatFunctionsLine(line)).toEqual(expected);
  });
});
