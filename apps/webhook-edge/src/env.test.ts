import { describe, expect, it } from 'vitest';
import { recordingQueue } from '../test/support/queues.ts';
import {
  type Bindings,
  DEFAULT_DEAD_LETTER_RETRY_SECONDS,
  DEFAULT_MAX_BODY_BYTES,
  readEnv,
  WorkerEnvError,
} from './env.ts';

function valid(overrides: Partial<Record<keyof Bindings, unknown>> = {}): Bindings {
  return {
    TWILIO_AUTH_TOKEN: 'token',
    INGEST_URL: 'https://ingest.test/x',
    INGEST_SECRET: 's'.repeat(32),
    EVENTS_QUEUE: recordingQueue(),
    ...overrides,
  } as Bindings;
}

function issuesOf(bindings: Bindings): string[] {
  try {
    readEnv(bindings);
  } catch (error) {
    if (error instanceof WorkerEnvError) return error.issues.map((i) => i.variable);
    throw error;
  }
  return [];
}

describe('readEnv', () => {
  it('applies defaults and normalises optional values', () => {
    const env = readEnv(
      valid({
        PUBLIC_BASE_URL: 'https://hooks.omega.fr/edge/',
        STATUS_CALLBACK_FRAGMENT: '#rc=3',
        INBOUND_FRAGMENT: '',
      }),
    );
    expect(env.MAX_BODY_BYTES).toBe(DEFAULT_MAX_BODY_BYTES);
    expect(env.DEAD_LETTER_RETRY_SECONDS).toBe(DEFAULT_DEAD_LETTER_RETRY_SECONDS);
    expect(env.PUBLIC_BASE_URL).toBe('https://hooks.omega.fr/edge');
    expect(env.STATUS_CALLBACK_FRAGMENT).toBe('rc=3');
    expect(env.INBOUND_FRAGMENT).toBeUndefined();
  });

  it.each([
    ['TWILIO_AUTH_TOKEN', { TWILIO_AUTH_TOKEN: '' }],
    ['TWILIO_AUTH_TOKEN', { TWILIO_AUTH_TOKEN: '   ' }],
    ['INGEST_URL', { INGEST_URL: undefined }],
    ['INGEST_URL', { INGEST_URL: 'ftp://ingest.test' }],
    ['INGEST_URL', { INGEST_URL: 'not a url' }],
    ['INGEST_SECRET', { INGEST_SECRET: 'short' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'hooks.omega.fr' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://hooks.omega.fr/?x=1' }],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '12' }],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '64k' }],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '98305' }],
    ['DEAD_LETTER_RETRY_SECONDS', { DEAD_LETTER_RETRY_SECONDS: '0' }],
    ['DEAD_LETTER_RETRY_SECONDS', { DEAD_LETTER_RETRY_SECONDS: '10m' }],
    ['DEAD_LETTER_RETRY_SECONDS', { DEAD_LETTER_RETRY_SECONDS: '43201' }],
    ['EVENTS_QUEUE', { EVENTS_QUEUE: undefined }],
    ['EVENTS_QUEUE', { EVENTS_QUEUE: {} }],
  ])('reports %s for %j', (variable, overrides) => {
    expect(issuesOf(valid(overrides))).toEqual([variable]);
  });

  it('lists every bad variable at once', () => {
    const bindings = { EVENTS_QUEUE: recordingQueue() } as unknown as Bindings;
    expect(issuesOf(bindings)).toEqual(['TWILIO_AUTH_TOKEN', 'INGEST_URL', 'INGEST_SECRET']);
  });

  it('validates a bindings object once and caches the result', () => {
    const bindings = valid();
    const first = readEnv(bindings);
    (bindings as { INGEST_SECRET: string }).INGEST_SECRET = 'changed';
    expect(readEnv(bindings)).toBe(first);
  });

  it('does not put secret values in the error message', () => {
    const secret = 'tooshort-secret-value';
    try {
      readEnv(valid({ INGEST_SECRET: secret }));
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });
});
