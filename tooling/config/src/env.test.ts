import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnvError, envBoolean, envPort, parseEnv } from './env.ts';

const schema = z.object({
  TWILIO_AUTH_TOKEN: z.string().min(32, 'must be at least 32 characters'),
  PORT: envPort.default(8080),
  DRY_RUN: envBoolean.default(false),
});

describe('parseEnv', () => {
  it('returns typed values with defaults applied', () => {
    const env = parseEnv(schema, { TWILIO_AUTH_TOKEN: 'x'.repeat(32) }, { app: 'test' });
    expect(env).toEqual({ TWILIO_AUTH_TOKEN: 'x'.repeat(32), PORT: 8080, DRY_RUN: false });
  });

  it('treats empty strings as unset so defaults apply', () => {
    const env = parseEnv(schema, { TWILIO_AUTH_TOKEN: 'x'.repeat(32), PORT: '' }, { app: 'test' });
    expect(env.PORT).toBe(8080);
  });

  it.each([
    ['yes', true],
    ['1', true],
    ['TRUE', true],
    ['no', false],
    ['0', false],
  ])('reads DRY_RUN=%s as %s', (raw, expected) => {
    expect(
      parseEnv(schema, { TWILIO_AUTH_TOKEN: 'x'.repeat(32), DRY_RUN: raw }, { app: 't' }).DRY_RUN,
    ).toBe(expected);
  });

  it('lists every bad variable at once with a readable message', () => {
    let error: unknown;
    try {
      parseEnv(schema, { PORT: '70000', DRY_RUN: 'maybe' }, { app: 'functions' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const envError = error as EnvError;
    expect(envError.issues.map((i) => i.variable).sort()).toEqual([
      'DRY_RUN',
      'PORT',
      'TWILIO_AUTH_TOKEN',
    ]);
    expect(envError.message).toContain('functions: invalid environment');
    expect(envError.message).toContain('TWILIO_AUTH_TOKEN: is required but not set');
    expect(envError.message).toContain('.env.example');
  });
});
