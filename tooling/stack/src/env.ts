import { existsSync, readFileSync } from 'node:fs';
import { parseEnv as parseDotEnv } from 'node:util';
import { envBoolean, parseEnv } from '@omega/config/env';
import { z } from 'zod';

/** The repository root (where `.env` lives). */
export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

/** The pieces that can be left out with `STACK_SKIP`. */
export const SKIPPABLE = ['auth', 'worker', 'mail', 'scheduler', 'dashboard'] as const;
export type SkippablePiece = (typeof SKIPPABLE)[number];

/**
 * Every environment variable the local stack reads. Each piece runs embedded by default; a
 * variable pointing at a real service (an official emulator, a Twilio account, an SMTP
 * server, a deployed worker) replaces that piece. `.env` at the repository root is read first;
 * variables already in the environment win.
 */
export const stackEnvSchema = z.object({
  /** Interface every local piece listens on. */
  STACK_HOST: z.string().default('127.0.0.1'),
  /** Firebase project id; the seeder refuses anything but `demo-*` on an external emulator. */
  GCLOUD_PROJECT: z.string().min(1).default('demo-omega'),
  STACK_FIRESTORE_PORT: port(8080),
  STACK_AUTH_PORT: port(9099),
  STACK_FUNCTIONS_PORT: port(5001),
  STACK_SANDBOX_PORT: port(4010),
  STACK_SMTP_PORT: port(1025),
  STACK_MAIL_WEB_PORT: port(1080),
  STACK_WORKER_PORT: port(8787),
  /** The Cloud Storage stand-in (photos). */
  STACK_STORAGE_PORT: port(9199),
  /** The staff dashboard's Vite dev server (when the stack serves it: `pnpm dev`). */
  STACK_DASHBOARD_PORT: port(5174),
  /** Twilio sandbox pace: `demo` (seconds between statuses, watchable) or `instant`. */
  STACK_TIMINGS: z.enum(['demo', 'instant']).default('demo'),
  /** Comma-separated pieces not to start: auth, worker, mail, scheduler, dashboard. */
  STACK_SKIP: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(SKIPPABLE))),
  /** Seed the demo shop when `pnpm dev` starts (default true). */
  STACK_SEED: envBoolean.default(true),
  /** An official Firestore emulator (`host:port`) instead of the embedded server. */
  FIRESTORE_EMULATOR_HOST: z.string().optional(),
  /** A Cloud Storage emulator (`http://host:port`) instead of the stack's stand-in. */
  STORAGE_EMULATOR_HOST: z.url().optional(),
  /** An already running Auth emulator (`host:port`) instead of starting one. */
  FIREBASE_AUTH_EMULATOR_HOST: z.string().optional(),
  /** Real Twilio (with `TWILIO_AUTH_TOKEN`): no sandbox; status callbacks need `EDGE_PUBLIC_URL`. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/)
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  /** Another Twilio-compatible server (e.g. a sandbox you run yourself): no sandbox started. */
  TWILIO_API_ORIGIN: z.url().optional(),
  /** A real SMTP server (`smtp://user:pass@host:587`): no mail catcher. */
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default("O'MEGA Services <notifications@omega.local>"),
  /** `fcm` sends real pushes through FCM (needs credentials); default: the local push catcher. */
  PUSH_MODE: z.enum(['fcm', 'catcher']).default('catcher'),
  /** The URL Twilio calls for callbacks (a tunnel to the local worker, or a deployed worker). */
  EDGE_PUBLIC_URL: z.url().optional(),
  /** HMAC secret shared by the worker and the ingestion endpoint (default: random per run). */
  INGEST_SECRET: z.string().min(32).optional(),
  /** Same secret under the functions' name; `INGEST_SECRET` wins when both are set. */
  INGEST_HMAC_SECRET: z.string().min(32).optional(),
  SHORT_LINK_DOMAIN: z.string().min(4).max(20).default('omega.test'),
  SHORT_LINK_SECRET: z.string().min(16).default('local-short-link-secret'),
});

/** The validated stack environment. */
export type StackEnv = z.output<typeof stackEnvSchema>;

/** Reads `.env` at the repository root (when present) under the variables already set. */
export function withDotEnv(
  source: NodeJS.ProcessEnv = process.env,
  file = `${REPO_ROOT}.env`,
): NodeJS.ProcessEnv {
  if (!existsSync(file)) return { ...source };
  return { ...parseDotEnv(readFileSync(file, 'utf8')), ...source };
}

/** Validates the environment once; every bad variable is reported at once. */
export function readStackEnv(source: NodeJS.ProcessEnv): StackEnv {
  return parseEnv(stackEnvSchema, source, { app: 'stack' });
}
