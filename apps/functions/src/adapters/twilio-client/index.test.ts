import { describe, expect, it } from 'vitest';
import { originHttpClient, twilioFailure, twilioSegments } from './index.ts';

describe('originHttpClient', () => {
  it.each([
    [
      'http://127.0.0.1:4010',
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json',
      'http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json',
    ],
    [
      'http://127.0.0.1:4010/',
      'https://content.twilio.com/v1/Content?PageSize=50',
      'http://127.0.0.1:4010/v1/Content?PageSize=50',
    ],
    [
      'https://proxy.example/twilio',
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/SM1.json',
      'https://proxy.example/twilio/2010-04-01/Accounts/AC1/Messages/SM1.json',
    ],
  ])('sends requests for %s: %s → %s', async (origin, uri, expected) => {
    const seen: string[] = [];
    const inner = {
      request: async (opts: { uri: string }) => {
        seen.push(opts.uri);
        return { statusCode: 200 };
      },
    };
    const client = originHttpClient(
      inner as unknown as Parameters<typeof originHttpClient>[0],
      origin,
    );
    await client.request({ method: 'post', uri });
    expect(seen).toEqual([expected]);
  });
});

describe('twilioFailure', () => {
  it('keeps the Twilio error code and HTTP status of a RestException', () => {
    expect(twilioFailure({ status: 400, code: 21211, message: 'Invalid To' })).toEqual({
      code: 'provider_rejected',
      message: 'Invalid To',
      providerCode: 21211,
      httpStatus: 400,
    });
  });

  it('treats anything without an HTTP status as a network failure', () => {
    expect(twilioFailure(new Error('connect ECONNREFUSED'))).toMatchObject({
      code: 'network',
      httpStatus: null,
      providerCode: null,
    });
  });
});

describe('twilioSegments', () => {
  it.each([
    ['1', 1],
    ['3', 3],
    ['0', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (input, expected) => {
    expect(twilioSegments(input)).toBe(expected);
  });
});
