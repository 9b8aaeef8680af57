import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { functionsEnvSchema } from '../env.ts';
import { configurationProblems, isLocalHost, isLocalSecretValue } from './configuration.ts';
import { deployedSecrets, FUNCTION_SECRETS, type SecretName } from './secrets.ts';

/** A production configuration every rule accepts. */
const PRODUCTION = {
  EDGE_PUBLIC_URL: 'https://hooks.omega-services.fr',
  APP_PUBLIC_URL: 'https://app.omega-services.fr',
  PUSH_MODE: 'fcm',
  SHORT_LINK_DOMAIN: 'omg.fr',
  MAIL_FROM: "O'MEGA Services <notifications@omega-services.fr>",
  TWILIO_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'f3c9a1d27e4b8c6f0a5d9e2b7c4f1a8d',
  SMTP_URL: 'smtps://notifications%40omega-services.fr:p4ss@smtp.example-mail.fr:465',
  SHORT_LINK_SECRET: 'Yb8s2KqLm4Nw7Rt1Vx9Za3Cd6Fg0Hj5P',
  INGEST_HMAC_SECRET: 'q8W2e4R6t8Y0u2I4o6P8a0S2d4F6g8H0j2K4',
};
const ALL = { secrets: deployedSecrets() };
const variables = (
  env: Record<string, string | undefined>,
  options: { secrets: readonly SecretName[] } = ALL,
) => configurationProblems(env, options).map((p) => p.variable);

describe('configurationProblems', () => {
  it('accepts a production configuration', () => {
    expect(configurationProblems(PRODUCTION, ALL)).toEqual([]);
  });

  it('names every bad variable of the local defaults at once, never a secret value', () => {
    const problems = configurationProblems(
      {
        EDGE_PUBLIC_URL: 'http://127.0.0.1:8787',
        APP_PUBLIC_URL: 'http://127.0.0.1:5173',
        PUSH_MODE: 'catcher',
        SMTP_URL: 'smtp://127.0.0.1:1025',
        SHORT_LINK_SECRET: 'local-short-link-secret',
      },
      ALL,
    );
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'APP_PUBLIC_URL',
      'EDGE_PUBLIC_URL',
      'INGEST_HMAC_SECRET',
      'MAIL_FROM',
      'PUSH_MODE',
      'SHORT_LINK_DOMAIN',
      'SHORT_LINK_SECRET',
      'SMTP_URL',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
    ]);
    const text = problems.map((p) => `${p.variable}: ${p.message}`).join('\n');
    expect(text).not.toContain('local-short-link-secret');
    expect(text).toContain('EDGE_PUBLIC_URL: points at a local address (http://127.0.0.1:8787)');
    expect(text).toContain('SHORT_LINK_SECRET: is a local value');
    expect(text).toContain(
      'INGEST_HMAC_SECRET: is not set (firebase functions:secrets:set INGEST_HMAC_SECRET)',
    );
    expect(text).toContain('SMTP_URL: points at a local mail server (127.0.0.1');
  });

  it.each([
    ['EDGE_PUBLIC_URL', 'http://localhost:8787', 'points at a local address'],
    ['EDGE_PUBLIC_URL', 'http://hooks.omega-services.fr', 'must be an https URL'],
    ['EDGE_PUBLIC_URL', 'https://[::1]:8787', 'points at a local address'],
    ['EDGE_PUBLIC_URL', 'https://worker.test', 'is not a public domain'],
    ['APP_PUBLIC_URL', 'hooks', 'is not a URL'],
    ['APP_PUBLIC_URL', 'https://0.0.0.0', 'points at a local address'],
    ['PUSH_MODE', 'catcher', 'must be fcm'],
    ['PUSH_MODE', undefined, 'must be fcm (unset: catcher'],
    ['SHORT_LINK_DOMAIN', 'omega.test', 'is not a public domain'],
    ['SHORT_LINK_DOMAIN', 'localhost', 'is not a public domain'],
    ['MAIL_FROM', 'notifications@omega.local', 'is not an address on a public domain'],
    [
      'DASHBOARD_ORIGINS',
      'https://staff.omega-services.fr,http://127.0.0.1:5174',
      'http://127.0.0.1:5174: points at a local address',
    ],
    ['LOG_BODIES', 'true', 'must be false in production'],
    ['TWILIO_ACCOUNT_SID', `AC${'0'.repeat(32)}`, 'is the local sandbox account'],
    ['TWILIO_ACCOUNT_SID', 'AC123', 'must be AC followed by 32 hex digits'],
    ['TWILIO_API_ORIGIN', 'http://127.0.0.1:4010', 'points at a local address'],
    ['TWILIO_AUTH_TOKEN', 'sandbox-auth-token', 'is a local value'],
    ['TWILIO_AUTH_TOKEN', 'dev-twilio-auth-token-0000000000', 'is a local value'],
    ['TWILIO_AUTH_TOKEN', 'short', 'Too small'],
    ['INGEST_HMAC_SECRET', 'dev-ingest-secret-0000000000000000000000', 'is a local value'],
    ['INGEST_HMAC_SECRET', 'tooShortForAnHmacKey', 'Too small'],
    ['SHORT_LINK_SECRET', '', 'is not set'],
    ['SMTP_URL', 'smtp://localhost:1025', 'points at a local mail server'],
    ['SMTP_URL', 'https://smtp.example-mail.fr', 'must be smtp:// or smtps://'],
    ['SMTP_URL', 'not a url', 'is not a URL'],
  ])('%s=%s: %s', (variable, value, message) => {
    const problems = configurationProblems({ ...PRODUCTION, [variable]: value }, ALL);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe(variable);
    expect(problems[0]?.message).toContain(message);
  });

  it('checks only the secrets the function declares', () => {
    const {
      SHORT_LINK_SECRET: _s,
      TWILIO_AUTH_TOKEN: _t,
      SMTP_URL: _m,
      INGEST_HMAC_SECRET: _i,
      ...plain
    } = PRODUCTION;
    expect(variables(plain, { secrets: FUNCTION_SECRETS.budgetCheck })).toEqual([]);
    expect(variables(plain, { secrets: FUNCTION_SECRETS.onTicketUpdated })).toEqual([
      'SHORT_LINK_SECRET',
    ]);
    expect(variables(plain, { secrets: FUNCTION_SECRETS.sendNotification }).sort()).toEqual([
      'SHORT_LINK_SECRET',
      'SMTP_URL',
      'TWILIO_AUTH_TOKEN',
    ]);
    // A secret the function does not read is not its problem, even malformed.
    expect(variables({ ...plain, SMTP_URL: 'x' }, { secrets: [] })).toEqual([]);
    // The account SID goes with the token.
    expect(
      variables({ ...PRODUCTION, TWILIO_ACCOUNT_SID: '' }, { secrets: ['SHORT_LINK_SECRET'] }),
    ).toEqual([]);
  });

  it('treats every value of .secret.local.example as a local one', () => {
    const example = readFileSync(new URL('../../.secret.local.example', import.meta.url), 'utf8');
    const values = example
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.slice(line.indexOf('=') + 1));
    expect(values.length).toBe(deployedSecrets().length);
    for (const value of values) {
      if (value.startsWith('smtp://')) expect(isLocalHost(new URL(value).hostname)).toBe(true);
      else expect(isLocalSecretValue(value)).toBe(true);
    }
  });

  it('is documented: .env.example names every variable of the functions', () => {
    const example = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    expect(Object.keys(functionsEnvSchema.shape).filter((name) => !documented.has(name))).toEqual(
      [],
    );
  });

  it.each([
    ['localhost', true],
    ['api.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['0.0.0.0', true],
    ['hooks.omega-services.fr', false],
    ['10.0.0.5', false],
  ])('isLocalHost(%s) = %s', (host, local) => {
    expect(isLocalHost(host)).toBe(local);
  });
});
