import { describe, expect, it } from 'vitest';
import { smtpFailure } from './index.ts';

describe('smtpFailure', () => {
  it.each([
    [{ responseCode: 550, message: 'mailbox unavailable' }, false],
    [{ responseCode: 552, message: 'too big' }, false],
    [{ responseCode: 421, message: 'try later' }, true],
    [{ responseCode: 451, message: 'greylisted' }, true],
    [{ code: 'ECONNECTION', message: 'refused' }, true],
    [{ code: 'ETIMEDOUT', message: 'timeout' }, true],
    [{ code: 'EAUTH', message: 'bad login' }, false],
    [{ code: 'EENVELOPE', message: 'no recipients' }, false],
  ])('%o → retryable %s', (error, retryable) => {
    expect(smtpFailure(error).retryable).toBe(retryable);
  });
});
