import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultOptions, TwilioSandbox } from '@omega/twilio-sandbox';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import { readStackEnv, type SkippablePiece, type StackEnv, withDotEnv } from './env.ts';
import { CUSTOMER_FUNCTION } from './functions/aliases.ts';
import type { RateLimitsLike } from './functions/discover.ts';
import { consoleSink, type LogSink } from './log.ts';
import { origin, type Piece, type PieceContext } from './piece.ts';
import { type AuthPiece, startAuthEmulator } from './pieces/auth-emulator.ts';
import { type DashboardPiece, startDashboard } from './pieces/dashboard.ts';
import { type FirestorePiece, startFirestore } from './pieces/firestore.ts';
import { type FunctionsPiece, pushCatcherUrl, startFunctions } from './pieces/functions.ts';
import { type MailPiece, startMail } from './pieces/mail.ts';
import { startTwilio, type TwilioPiece } from './pieces/sandbox.ts';
import { type StoragePiece, startStorage } from './pieces/storage.ts';
import { startWorker, type WorkerPiece } from './pieces/worker.ts';
import { claimPort } from './ports.ts';
import { ensureStaffUser, LOCAL_STAFF, type StaffAccount } from './seed/staff-user.ts';
import { summaryTable } from './table.ts';

/** Ports of the pieces; 0 = any free port. Unset ones come from `STACK_*_PORT` or the defaults. */
export interface StackPorts {
  firestore: number;
  auth: number;
  functions: number;
  sandbox: number;
  smtp: number;
  mailWeb: number;
  worker: number;
  dashboard: number;
  storage: number;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Environment to read (default: `process.env` over the repository's `.env`). */
  env?: NodeJS.ProcessEnv;
  /** Port overrides (tests pass 0 everywhere). */
  ports?: Partial<StackPorts>;
  /** Pieces not to start (added to `STACK_SKIP`). */
  skip?: SkippablePiece[];
  /** Twilio sandbox pace (default `STACK_TIMINGS`, i.e. `demo`). */
  timings?: 'demo' | 'instant';
  /** Where every piece's log lines go (default: prefixed lines on stdout). */
  sink?: LogSink;
  /** Multiplies the send queue's retry backoffs (tests: 0.01). Default 1. */
  backoffScale?: number;
  /**
   * Dispatch limits of the send queue: `declared` (default) honours the `rateLimits` the
   * deployed function declares, as Cloud Tasks would; `unlimited` runs every due task at once;
   * or explicit limits.
   */
  queueRateLimits?: 'declared' | 'unlimited' | Partial<RateLimitsLike>;
  /** Bridge retries per change (default 5 attempts from 1 s). */
  bridgeRetry?: { attempts?: number; firstDelayMs?: number };
  /**
   * Extra concurrent deliveries of each document change to its triggers (the chaos suite: at
   * least once means sometimes twice or three times, and concurrently). Default none.
   */
  triggerCopies?: () => number;
  /** Random faults of the Twilio sandbox (rates, seed: see `@omega/twilio-sandbox`). */
  sandboxFaults?: FaultOptions;
  /** Timeout of the functions' Twilio requests in ms (default the client's 10 s). */
  twilioTimeoutMs?: number;
  /**
   * Serve the staff dashboard (Vite dev server on `apps/dashboard`, wired to the staff API and
   * the Auth emulator) and create the local staff account ({@link LOCAL_STAFF}). Default false:
   * `pnpm dev` turns it on; tests that do not need a browser page skip Vite.
   */
  dashboard?: boolean;
  /** Runs after Firestore is up and before the bridges start watching (the seeder). */
  beforeTriggers?: (
    db: Firestore,
    target: { projectId: string; embedded: boolean },
  ) => Promise<void>;
}

/** Where everything is. */
export interface StackUrls {
  /** `host:port` of the Firestore-protocol server (`FIRESTORE_EMULATOR_HOST`). */
  firestore: string;
  /** Auth emulator origin, or null when skipped. */
  auth: string | null;
  /** Functions server origin (index page). */
  functions: string;
  /** The push catcher page. */
  push: string;
  /** Twilio sandbox origin (inbox at `/`), or the external Twilio origin. */
  twilio: string;
  /** Mail catcher page, or the SMTP server when external. */
  mail: string;
  /** SMTP URL the functions send through. */
  smtp: string;
  /** Webhook worker origin (local), or null when skipped. */
  worker: string | null;
  /** The URL Twilio callbacks go to (worker public URL). */
  edgePublic: string;
  /** The ingestion endpoint the worker forwards to. */
  ingest: string;
  /** The staff dashboard (Vite dev server), or null when not served. */
  dashboard: string | null;
  /** The staff API function's URL (`…/<project>/<region>/staffApi`), or null if not exported. */
  staffApi: string | null;
  /**
   * The origin where the customer-facing routes work (`/t/<id>`, the landing page behind each
   * SMS short link, and `/api/public/*`): the functions server, through its root aliases to
   * `customerApi`; null while `@omega/functions` does not export it.
   */
  customer: string | null;
  /** Cloud Storage (`STORAGE_EMULATOR_HOST`): the stand-in's origin, or the external one. */
  storage: string;
}

/** A running stack. */
export interface Stack {
  urls: StackUrls;
  projectId: string;
  /** Every running piece, in table order. */
  pieces: Piece[];
  /** The stack's own Firestore client (named app `omega-stack`). */
  db: Firestore;
  /** The Twilio sandbox, or null when a real/external Twilio is used. */
  sandbox: TwilioSandbox | null;
  functions: FunctionsPiece;
  mail: MailPiece;
  /** The dashboard's Vite dev server, or null when not served. */
  dashboard: DashboardPiece | null;
  /** The local staff account to sign in with, or null (no dashboard, or no Auth emulator). */
  staff: StaffAccount | null;
  /** Whether Firestore is the embedded server started by this stack. */
  embeddedFirestore: boolean;
  /** The summary table (piece, URL, what for). */
  table(): string;
  /** Stops every piece (reverse order); safe to call twice. */
  stop(): Promise<void>;
}

/** Name of the staff API's HTTPS function in `@omega/functions` (the dashboard's `/api`). */
export const STAFF_API_FUNCTION = 'staffApi';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Whether a URL names the stack's own local piece (loopback, that piece's port): `.env` copied
 * from `.env.example` carries the local defaults (`SMTP_URL=smtp://127.0.0.1:1025`,
 * `EDGE_PUBLIC_URL=http://127.0.0.1:8787`), which mean "the local catcher / worker", not an
 * external service.
 */
export function namesLocalPiece(url: string | undefined, host: string, port: number): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    const loopback = LOOPBACK.has(parsed.hostname) || parsed.hostname === host;
    return loopback && Number(parsed.port) === port;
  } catch {
    return false;
  }
}

function resolvePorts(env: StackEnv, override: Partial<StackPorts> = {}): StackPorts {
  return {
    firestore: override.firestore ?? env.STACK_FIRESTORE_PORT,
    auth: override.auth ?? env.STACK_AUTH_PORT,
    functions: override.functions ?? env.STACK_FUNCTIONS_PORT,
    sandbox: override.sandbox ?? env.STACK_SANDBOX_PORT,
    smtp: override.smtp ?? env.STACK_SMTP_PORT,
    mailWeb: override.mailWeb ?? env.STACK_MAIL_WEB_PORT,
    worker: override.worker ?? env.STACK_WORKER_PORT,
    dashboard: override.dashboard ?? env.STACK_DASHBOARD_PORT,
    // Tests that ask for any free functions port get any free stand-in port too (no 9199 clash).
    storage: override.storage ?? (override.functions === 0 ? 0 : env.STACK_STORAGE_PORT),
  };
}

/**
 * Starts the whole system locally and resolves once every piece answers: the embedded
 * Firestore-protocol server, the Firebase Auth emulator, the functions (HTTPS server, the
 * bridge from Firestore changes to the triggers, the in-process send queue, the scheduler),
 * the Twilio sandbox, the mail catcher, the push catcher and the webhook worker under
 * `wrangler dev`. Each piece can point at a real service through the environment (see
 * `env.ts`). A busy port fails at once with a message naming the piece and its variable.
 *
 * The functions run in this process and read their configuration from `process.env`, so the
 * stack sets their variables there (`FIRESTORE_EMULATOR_HOST`, `INGEST_HMAC_SECRET`, …):
 * run one stack per process.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const source = options.env ?? withDotEnv();
  const env = readStackEnv(source);
  const skip = new Set<SkippablePiece>([...env.STACK_SKIP, ...(options.skip ?? [])]);
  const sink = options.sink ?? consoleSink();
  const host = env.STACK_HOST;
  const projectId = env.GCLOUD_PROJECT;
  const stateDir = mkdtempSync(join(tmpdir(), 'omega-stack-'));
  const ctx: PieceContext = { host, sink, stateDir };
  const ports = resolvePorts(env, options.ports);
  const smtpExternal = namesLocalPiece(env.SMTP_URL, host, env.STACK_SMTP_PORT)
    ? undefined
    : env.SMTP_URL;
  const edgeExternal = namesLocalPiece(env.EDGE_PUBLIC_URL, host, env.STACK_WORKER_PORT)
    ? undefined
    : env.EDGE_PUBLIC_URL;
  const ingestSecret =
    env.INGEST_SECRET ?? env.INGEST_HMAC_SECRET ?? randomBytes(24).toString('hex');

  const started: Piece[] = [];
  let app: App | null = null;
  const cleanup = async () => {
    for (const piece of [...started].reverse()) {
      try {
        await piece.stop();
      } catch (error) {
        sink('stack', `stopping ${piece.name}: ${(error as Error).message}`);
      }
    }
    if (app) await deleteApp(app).catch(() => {});
    rmSync(stateDir, { recursive: true, force: true });
  };
  const track = <P extends Piece>(piece: P): P => {
    started.push(piece);
    return piece;
  };

  try {
    // The worker's port first: the sandbox posts replies to it and the functions put it in
    // every status callback URL, before it is started.
    const workerPort = skip.has('worker')
      ? null
      : await claimPort({
          piece: 'Webhook worker (wrangler dev)',
          port: ports.worker,
          host,
          variable: 'STACK_WORKER_PORT',
        });
    const workerLocal = workerPort === null ? null : origin(host, workerPort);
    const edgePublic = edgeExternal ?? workerLocal ?? origin(host, 9);
    if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && !env.TWILIO_API_ORIGIN && !edgeExternal)
      sink(
        'stack',
        'real Twilio without EDGE_PUBLIC_URL: Twilio cannot reach a local worker, so statuses will stay "sent" (use a tunnel and set EDGE_PUBLIC_URL)',
      );

    // The functions' port too: the sandbox's inbox links the short links to the customer
    // landing pages there, and it starts first.
    const functionsPort = await claimPort({
      piece: 'Functions',
      port: ports.functions,
      host,
      variable: 'STACK_FUNCTIONS_PORT',
    });
    // Claimed now so a busy port stops the start at once, not after a minute of other pieces.
    const dashboardPort =
      options.dashboard && !skip.has('dashboard')
        ? await claimPort({
            piece: 'Staff dashboard (Vite)',
            port: ports.dashboard,
            host,
            variable: 'STACK_DASHBOARD_PORT',
          })
        : null;

    const authPort =
      skip.has('auth') || env.FIREBASE_AUTH_EMULATOR_HOST
        ? null
        : await claimPort({
            piece: 'Auth emulator',
            port: ports.auth,
            host,
            variable: 'STACK_AUTH_PORT',
          });
    // The Auth emulator takes a while (the Firebase CLI): it starts alongside everything else.
    const authStarting: Promise<AuthPiece | null> = skip.has('auth')
      ? Promise.resolve(null)
      : startAuthEmulator(ctx, {
          port: authPort ?? 0,
          projectId,
          external: env.FIREBASE_AUTH_EMULATOR_HOST,
        });
    authStarting.catch(() => {});

    const [firestore, mail, twilio, storage] = await Promise.all([
      startFirestore(ctx, { port: ports.firestore, external: env.FIRESTORE_EMULATOR_HOST }).then(
        track<FirestorePiece>,
      ),
      (skip.has('mail') && !smtpExternal
        ? Promise.reject(
            new Error('stack: STACK_SKIP=mail needs SMTP_URL (the functions send email)'),
          )
        : startMail(ctx, { smtpPort: ports.smtp, webPort: ports.mailWeb, external: smtpExternal })
      ).then(track<MailPiece>),
      startTwilio(ctx, {
        port: ports.sandbox,
        timings: options.timings ?? env.STACK_TIMINGS,
        inboundUrl: workerLocal ? `${workerLocal}/twilio/inbound` : undefined,
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: env.TWILIO_AUTH_TOKEN,
        apiOrigin: env.TWILIO_API_ORIGIN,
        shortLinks: { domain: env.SHORT_LINK_DOMAIN, localOrigin: origin(host, functionsPort) },
        ...(options.sandboxFaults ? { faults: options.sandboxFaults } : {}),
      }).then(track<TwilioPiece>),
      startStorage(ctx, { port: ports.storage, external: env.STORAGE_EMULATOR_HOST }).then(
        track<StoragePiece>,
      ),
    ]);

    // The functions' own configuration, read from process.env by the deployed code.
    Object.assign(process.env, {
      // No Google credentials locally: never probe the GCE metadata server for them.
      METADATA_SERVER_DETECTION: process.env.METADATA_SERVER_DETECTION ?? 'none',
      FIRESTORE_EMULATOR_HOST: firestore.emulatorHost,
      GCLOUD_PROJECT: projectId,
      EDGE_PUBLIC_URL: edgePublic,
      INGEST_HMAC_SECRET: ingestSecret,
      INGEST_SECRET: ingestSecret,
      SMTP_URL: mail.smtpUrl,
      MAIL_FROM: env.MAIL_FROM,
      PUSH_MODE: env.PUSH_MODE,
      TWILIO_ACCOUNT_SID: twilio.target.accountSid,
      TWILIO_AUTH_TOKEN: twilio.target.authToken,
      SHORT_LINK_DOMAIN: env.SHORT_LINK_DOMAIN,
      SHORT_LINK_SECRET: env.SHORT_LINK_SECRET,
      // Photos: firebase-admin's storage goes to the stand-in; media links to the functions server.
      STORAGE_EMULATOR_HOST: storage.emulatorHost,
      MEDIA_PUBLIC_URL: origin(host, functionsPort),
      ...(twilio.target.origin ? { TWILIO_API_ORIGIN: twilio.target.origin } : {}),
      ...(authPort !== null ? { FIREBASE_AUTH_EMULATOR_HOST: `${host}:${authPort}` } : {}),
      ...(env.FIREBASE_AUTH_EMULATOR_HOST
        ? { FIREBASE_AUTH_EMULATOR_HOST: env.FIREBASE_AUTH_EMULATOR_HOST }
        : {}),
    });
    app = initializeApp({ projectId }, `omega-stack-${Date.now()}`);
    const db = getFirestore(app);
    if (options.beforeTriggers)
      await options.beforeTriggers(db, { projectId, embedded: firestore.embedded });

    const functions = track(
      await startFunctions(ctx, {
        app,
        db,
        port: functionsPort,
        projectId,
        scheduler: !skip.has('scheduler'),
        syncTemplates: twilio.sandbox !== null,
        twilio: twilio.target,
        smtpUrl: mail.smtpUrl,
        mailFrom: env.MAIL_FROM,
        pushMode: env.PUSH_MODE,
        edgePublicUrl: edgePublic,
        shortLinkDomain: env.SHORT_LINK_DOMAIN,
        shortLinkSecret: env.SHORT_LINK_SECRET,
        media: { publicUrl: origin(host, functionsPort) },
        ...(options.backoffScale !== undefined ? { backoffScale: options.backoffScale } : {}),
        ...(options.queueRateLimits ? { queueRateLimits: options.queueRateLimits } : {}),
        ...(options.bridgeRetry ? { bridgeRetry: options.bridgeRetry } : {}),
        ...(options.triggerCopies ? { triggerCopies: options.triggerCopies } : {}),
        ...(options.twilioTimeoutMs ? { twilioTimeoutMs: options.twilioTimeoutMs } : {}),
      }),
    );
    const push: Piece = {
      name: 'push',
      url: pushCatcherUrl(functions.url),
      open:
        env.PUSH_MODE === 'fcm'
          ? 'real FCM (PUSH_MODE=fcm)'
          : 'every push FCM would have delivered',
      async stop() {},
    };
    started.push(push);
    const customer: Piece = {
      name: 'customer',
      url: `${functions.url.replace(/\/$/, '')}/t/<id>`,
      open: functions.customerUrl
        ? `customer pages behind the SMS short links (https://${env.SHORT_LINK_DOMAIN}/t/<id>), /api/public/*`
        : `customer pages: ${CUSTOMER_FUNCTION} is not exported by @omega/functions yet (404)`,
      async stop() {},
    };
    started.push(customer);

    const worker: WorkerPiece | null =
      workerPort === null
        ? null
        : track(
            await startWorker(ctx, {
              port: workerPort,
              ingestUrl: functions.ingestUrl,
              ingestSecret,
              twilioAuthToken: twilio.target.authToken,
              publicBaseUrl: edgeExternal,
            }),
          );
    const auth = await authStarting;
    if (auth) track(auth);

    const staffApi = functions.httpsUrls[STAFF_API_FUNCTION] ?? null;
    let dashboard: DashboardPiece | null = null;
    let staff: StaffAccount | null = null;
    if (dashboardPort !== null) {
      if (!staffApi)
        sink(
          'dashboard',
          `@omega/functions exports no "${STAFF_API_FUNCTION}": the dashboard's /api will fail`,
        );
      dashboard = track(
        await startDashboard(ctx, {
          port: dashboardPort,
          api: staffApi ?? `${functions.url.replace(/\/$/, '')}/_no-staff-api`,
          auth: auth?.url ?? null,
          customer: functions.customerUrl,
        }),
      );
      if (auth) {
        await ensureStaffUser(auth.url, projectId, LOCAL_STAFF);
        staff = LOCAL_STAFF;
        sink(
          'auth',
          `staff account for the dashboard: ${LOCAL_STAFF.email} / ${LOCAL_STAFF.password} (claims staff, admin)`,
        );
      }
    }

    const order = [
      'twilio',
      'storage',
      'dashboard',
      'customer',
      'mail',
      'push',
      'functions',
      'worker',
      'firestore',
      'auth',
    ];
    const pieces = [...started].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    const urls: StackUrls = {
      firestore: firestore.emulatorHost,
      auth: auth ? auth.url : null,
      functions: functions.url.replace(/\/$/, ''),
      push: push.url,
      twilio: twilio.target.origin ?? 'https://api.twilio.com',
      mail: mail.url,
      smtp: mail.smtpUrl,
      worker: worker?.localUrl ?? null,
      edgePublic,
      ingest: functions.ingestUrl,
      dashboard: dashboard?.url ?? null,
      staffApi,
      customer: functions.customerUrl,
      storage: storage.emulatorHost,
    };
    let stopping: Promise<void> | null = null;
    return {
      urls,
      projectId,
      pieces,
      db,
      sandbox: twilio.sandbox,
      functions,
      mail,
      dashboard,
      staff,
      embeddedFirestore: firestore.embedded,
      table: () => summaryTable(pieces, twilio.sandbox ? 'twilio' : 'functions'),
      stop() {
        stopping ??= (async () => {
          await db.terminate().catch(() => {});
          await cleanup();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
