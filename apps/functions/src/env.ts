import { envBoolean, envPort, parseEnv } from '@omega/config/env';
import { z } from 'zod';

/**
 * The functions' environment: the one place that reads `process.env`. Firebase injects
 * secrets (`defineSecret`) as environment variables at runtime, so the same schema serves
 * production, the local stack and tests. Parsed lazily on first use, never at import time,
 * because the Firebase CLI imports the entry to discover functions without any of these set.
 */
export const functionsEnvSchema = z.object({
  /** Public base URL of the webhook worker; Twilio status callbacks go to `${EDGE_PUBLIC_URL}/twilio/status`. */
  EDGE_PUBLIC_URL: z.url().default('http://127.0.0.1:8787'),
  /** Twilio account SID (`AC…`). */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits')
    .optional(),
  /** Twilio auth token (secret). */
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  /** Another Twilio-compatible origin (the local sandbox); unset = api.twilio.com. */
  TWILIO_API_ORIGIN: z.url().optional(),
  /** SMTP connection URL, e.g. `smtps://user:pass@smtp.example.com:465` or the local catcher. */
  SMTP_URL: z.string().min(1).default('smtp://127.0.0.1:1025'),
  /** `From` address of notification emails. */
  MAIL_FROM: z.string().min(3).default("O'MEGA Services <notifications@omega.local>"),
  /** `fcm` sends through Firebase Cloud Messaging; `catcher` records pushes in Firestore (local). */
  PUSH_MODE: z.enum(['fcm', 'catcher']).default('catcher'),
  /** Base URL of the customer web app (registration and preferences links). */
  APP_PUBLIC_URL: z.url().default('http://127.0.0.1:5173'),
  /** Browser origins (comma-separated) allowed to call the staff and customer APIs: the dashboard's. */
  DASHBOARD_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /**
   * Proxies in front of the customer API that append to `X-Forwarded-For` (1: Google's front
   * end only; raise it only when the function's own URL is closed — see the README's "Client
   * address").
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(5).default(1),
  /** Shared secret of the HMAC the webhook worker signs forwarded events with. */
  INGEST_HMAC_SECRET: z.string().min(32).optional(),
  /** Domain of the short links SMS carry (≤ 20 characters: `https://<domain>/t/<id>`). */
  SHORT_LINK_DOMAIN: z.string().min(4).max(20).default('omega.test'),
  /** Key that makes short-link ids unguessable (secret in production). */
  SHORT_LINK_SECRET: z.string().min(16).default('local-short-link-secret'),
  /**
   * Origin of the customer API's media links (`<origin>/m/<token>`: WhatsApp `MediaUrl`, the
   * landing page's photos); unset = `https://<SHORT_LINK_DOMAIN>` (the links site rewrites `/m/**`).
   */
  MEDIA_PUBLIC_URL: z.url().optional(),
  /** Cloud Storage bucket of the photos; unset = the app's default bucket (`<project>.appspot.com`). */
  STORAGE_BUCKET: z.string().min(3).optional(),
  /** Region of every function. */
  FUNCTIONS_REGION: z.string().default('europe-west1'),
  /** Local runs: port of the in-process SMTP catcher when the local stack starts one. */
  SMTP_CATCHER_PORT: envPort.optional(),
  /** Log message bodies (never in production; bodies carry personal data). */
  LOG_BODIES: envBoolean.default(false),
});

/** The validated environment of `@omega/functions`. */
export type FunctionsEnv = z.output<typeof functionsEnvSchema>;

let cached: FunctionsEnv | undefined;

/** Validates `source` (default `process.env`) once and returns the typed environment. */
export function readEnv(source: Record<string, unknown> = process.env): FunctionsEnv {
  if (source !== process.env) return parseEnv(functionsEnvSchema, source, { app: 'functions' });
  cached ??= parseEnv(functionsEnvSchema, source, { app: 'functions' });
  return cached;
}
