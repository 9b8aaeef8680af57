import type { EnvIssue } from '@omega/config/env';
import { functionsEnvSchema } from '../env.ts';
import { ConfigurationError } from './misconfigured.ts';
import { SECRET_NAMES, type SecretName } from './secrets.ts';

export { ConfigurationError };

/**
 * Values that only ever belong to local runs: the schema's defaults, `.secret.local.example`,
 * the worker's `.dev.vars.example`, the Twilio sandbox and the test harnesses. A deployed
 * function holding one of them refuses to run (anyone who read this repository knows it).
 */
export const LOCAL_SECRET_VALUES: readonly string[] = [
  'local-short-link-secret',
  'local-ingest-hmac-secret-0000000000000000',
  'dev-ingest-secret-0000000000000000000000',
  'dev-twilio-auth-token-0000000000',
  'sandbox-auth-token',
  'stack-sandbox-auth-token-0123456789',
  'test-auth-token-0123456789',
  'test-auth-token-0123456789abcdef',
  'bench-auth-token-0123456789',
];

/** A value shaped like a placeholder (`local-…`, `dev-…`, `changeme…`) counts as a local one too. */
const PLACEHOLDER =
  /^(?:local|dev|test|sandbox|stack|bench|example|changeme|change-me|xxx)(?:[-_]|$)/i;

const SECRET_SET = new Set<string>(SECRET_NAMES);

/** The Twilio sandbox's account SID (`AC` + 32 zeros). */
const SANDBOX_ACCOUNT_SID = `AC${'0'.repeat(32)}`;

/** Domains that never reach a customer (RFC 2606/6761) and the schema's default. */
const LOCAL_DOMAIN = /(?:^|\.)(?:localhost|local|test|example|invalid|internal)$/i;

/** Options of {@link configurationProblems}. */
export interface ConfigurationCheckOptions {
  /** The secrets to check (the function's row of `FUNCTION_SECRETS`); the others are not its business. */
  secrets: readonly SecretName[];
}

/** True for `localhost`, `*.localhost`, loopback and unspecified addresses. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\./.test(host) ||
    host === '0.0.0.0' ||
    host === '::1' ||
    host === '::' ||
    host === '::ffff:127.0.0.1' ||
    host === 'host.docker.internal'
  );
}

/** True when `value` is one of the repository's local values or shaped like a placeholder. */
export function isLocalSecretValue(value: string): boolean {
  return LOCAL_SECRET_VALUES.includes(value) || PLACEHOLDER.test(value);
}

const present = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== '';

/** A public https URL, or what is wrong with it. */
function publicUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL (${value})`;
  }
  if (isLocalHost(url.hostname)) return `points at a local address (${value})`;
  if (url.protocol !== 'https:') return `must be an https URL (${value})`;
  if (LOCAL_DOMAIN.test(url.hostname)) return `is not a public domain (${value})`;
  return null;
}

/**
 * Everything that makes this environment unfit for production, one entry per variable, in
 * plain words, never a secret's value: the schema's own errors, a declared secret that is
 * absent or a local value, URLs that point at localhost or are not https, `PUSH_MODE` other
 * than `fcm`, the local short-link domain or sender address, bodies in the logs. Pure: the
 * deployed functions run it on `process.env` before building anything (`runtime()`), and
 * `pnpm preflight` on the files of a target project.
 *
 * @example
 * configurationProblems(process.env, { secrets: FUNCTION_SECRETS.sendNotification });
 * // → [{ variable: 'SHORT_LINK_SECRET', message: 'is a local value (…)' }, …]
 */
export function configurationProblems(
  source: Readonly<Record<string, string | undefined>>,
  options: ConfigurationCheckOptions,
): EnvIssue[] {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(source)) {
    if (present(value)) env[key] = value;
  }
  const problems = new Map<string, string>();
  const add = (variable: string, message: string) => {
    if (!problems.has(variable)) problems.set(variable, message);
  };

  // Plain configuration, shared by every function of the project (`.env.<project>`).
  for (const name of ['EDGE_PUBLIC_URL', 'APP_PUBLIC_URL'] as const) {
    const value = env[name];
    if (!value) add(name, 'is not set (its default is a local address)');
    else {
      const problem = publicUrlProblem(value);
      if (problem) add(name, problem);
    }
  }
  if (env.MEDIA_PUBLIC_URL) {
    const problem = publicUrlProblem(env.MEDIA_PUBLIC_URL);
    if (problem) add('MEDIA_PUBLIC_URL', problem);
  }
  if (env.STORAGE_EMULATOR_HOST)
    add('STORAGE_EMULATOR_HOST', 'is set: photos would go to a local storage stand-in');
  if (env.PUSH_MODE !== 'fcm') {
    add(
      'PUSH_MODE',
      `must be fcm (${env.PUSH_MODE ?? 'unset: catcher'} records pushes, never delivers them)`,
    );
  }
  const domain = env.SHORT_LINK_DOMAIN;
  if (!domain) add('SHORT_LINK_DOMAIN', 'is not set (its default omega.test reaches nobody)');
  else if (LOCAL_DOMAIN.test(domain) || isLocalHost(domain))
    add('SHORT_LINK_DOMAIN', `is not a public domain (${domain})`);
  const from = env.MAIL_FROM;
  const fromDomain = from ? /@([^>\s]+)>?\s*$/.exec(from)?.[1] : undefined;
  if (!from) add('MAIL_FROM', 'is not set (its default is a .local address)');
  else if (!fromDomain || LOCAL_DOMAIN.test(fromDomain))
    add('MAIL_FROM', `is not an address on a public domain (${from})`);
  for (const origin of (env.DASHBOARD_ORIGINS ?? '').split(',').map((o) => o.trim())) {
    if (!origin) continue;
    const problem = publicUrlProblem(origin);
    if (problem) add('DASHBOARD_ORIGINS', `${origin}: ${problem.replace(/ \(.*\)$/, '')}`);
  }
  if (env.LOG_BODIES && /^(?:true|1|yes)$/i.test(env.LOG_BODIES)) {
    add('LOG_BODIES', 'must be false in production (message bodies carry personal data)');
  }

  // The function's secrets.
  const secrets = new Set(options.secrets);
  for (const name of secrets) {
    const value = env[name];
    if (!value) {
      add(name, `is not set (firebase functions:secrets:set ${name})`);
    } else if (isLocalSecretValue(value)) {
      add(
        name,
        `is a local value, known to anyone who read the repository (firebase functions:secrets:set ${name})`,
      );
    }
  }
  if (secrets.has('TWILIO_AUTH_TOKEN')) {
    const sid = env.TWILIO_ACCOUNT_SID;
    if (!sid) add('TWILIO_ACCOUNT_SID', 'is not set (needed with TWILIO_AUTH_TOKEN)');
    else if (sid === SANDBOX_ACCOUNT_SID) add('TWILIO_ACCOUNT_SID', 'is the local sandbox account');
    const origin = env.TWILIO_API_ORIGIN;
    if (origin) {
      const problem = publicUrlProblem(origin);
      if (problem) add('TWILIO_API_ORIGIN', `${problem} (unset it: api.twilio.com)`);
    }
  }
  const smtp = env.SMTP_URL;
  if (secrets.has('SMTP_URL') && smtp && !problems.has('SMTP_URL')) {
    let url: URL | undefined;
    try {
      url = new URL(smtp);
    } catch {
      add('SMTP_URL', 'is not a URL (smtps://user:pass@host:465)');
    }
    if (url && url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
      add('SMTP_URL', `must be smtp:// or smtps:// (not ${url.protocol})`);
    else if (url && isLocalHost(url.hostname))
      add('SMTP_URL', `points at a local mail server (${url.hostname}: the mail catcher)`);
  }

  // The schema's own errors (types, lengths), for whatever the rules above did not name.
  const parsed = functionsEnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = issue.path.map(String).join('.') || '(root)';
      // A secret the function does not read is not its problem (and is absent in production).
      if (SECRET_SET.has(variable) && !secrets.has(variable as SecretName)) continue;
      add(variable, issue.message);
    }
  }
  return [...problems].map(([variable, message]) => ({ variable, message }));
}

/** True in the Firebase Functions emulator (`FUNCTIONS_EMULATOR=true`), where local values are expected. */
export function isFunctionsEmulator(source: Readonly<Record<string, string | undefined>>): boolean {
  return source.FUNCTIONS_EMULATOR === 'true';
}
