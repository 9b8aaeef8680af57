import type { App } from 'firebase-admin/app';
import type { Firestore } from 'firebase-admin/firestore';
import { bridgeCollection, type CollectionBridge } from '../bridge/collection-bridge.ts';
import { CUSTOMER_FUNCTION, ROOT_ALIASES, type RootAlias } from '../functions/aliases.ts';
import { type DiscoveredFunction, discoverFunctions } from '../functions/discover.ts';
import { firesFor, firestoreEvent } from '../functions/firestore-events.ts';
import type { InProcessTaskQueue, PipelineDeps, SendTask } from '../functions/functions-api.ts';
import {
  type AliasStatus,
  type MountedFunction,
  startFunctionsServer,
} from '../functions/http-server.ts';
import { buildLocalRuntime, type LocalRuntimeOptions } from '../functions/local-runtime.ts';
import { caughtPushes, indexPage, pushPage } from '../functions/pages.ts';
import { origin, type Piece, type PieceContext } from '../piece.ts';
import { PortInUseError } from '../ports.ts';
import { type Scheduler, startScheduler } from '../scheduler/scheduler.ts';

/** Name of the send task-queue function in `@omega/functions`. */
export const SEND_FUNCTION = 'sendNotification';

/** Options of {@link startFunctions}. */
export interface FunctionsOptions
  extends Omit<LocalRuntimeOptions, 'sendTask' | 'log' | 'db' | 'app'> {
  app: App;
  db: Firestore;
  port: number;
  projectId: string;
  /** Run the schedules on their cron (default true; tests call them with `runSchedule`). */
  scheduler: boolean;
  /**
   * Creates the WhatsApp content templates in the Twilio (sandbox) Content API and stores their
   * SIDs in settings, as `templates:sync` does (the sandbox starts empty every run).
   */
  syncTemplates: boolean;
  /** Bridge retries: attempts and first delay (default 5 × from 1 s). */
  bridgeRetry?: { attempts?: number; firstDelayMs?: number };
  /** Extra concurrent deliveries of each change (see the bridge's `copies`). */
  triggerCopies?: () => number;
  /** Root-level paths served by a function (default {@link ROOT_ALIASES}). */
  aliases?: readonly RootAlias[];
}

/** The functions piece: handlers running locally as their production triggers would run them. */
export interface FunctionsPiece extends Piece {
  /** The URL the webhook worker forwards events to (the ingestion function, or a 503 stand-in). */
  ingestUrl: string;
  /** Name of the ingestion function found, or null when `@omega/functions` exports none yet. */
  ingestFunction: string | null;
  /** Each HTTPS function's URL by name (`http://host:port/<project>/<region>/<name>`). */
  httpsUrls: Record<string, string>;
  /** The root aliases and whether their function is exported. */
  aliases: AliasStatus[];
  /** The origin where `/t/<id>` (the short links' landing pages) works, or null. */
  customerUrl: string | null;
  functions: DiscoveredFunction[];
  queue: InProcessTaskQueue<SendTask>;
  /** The functions' dependencies (shared by every handler: tests and the chaos suite adjust them). */
  deps: PipelineDeps;
  scheduler: Scheduler | null;
  bridges: CollectionBridge[];
  /** Runs a schedule's handler now. */
  runSchedule(name: string): Promise<unknown>;
  /** Stops the bridges (changes trigger nothing) until {@link FunctionsPiece.resumeTriggers}. */
  pauseTriggers(): Promise<void>;
  /** Starts the bridges again from a new baseline. */
  resumeTriggers(): Promise<void>;
  /** Resolves when the bridges and the send queue have nothing left to do (within `horizonMs`). */
  settle(horizonMs?: number): Promise<void>;
}

/**
 * Runs every function `@omega/functions` exports, each the way production triggers it:
 * HTTPS functions on a local HTTP server at the emulator's paths; Firestore triggers through
 * the bridge (one listener per collection); the send task queue in process with the
 * function's declared `retryConfig` and `rateLimits`; schedules on their declared cron and
 * time zone. The handlers get the local runtime (Firestore, the Twilio sandbox or a real
 * account, SMTP, the push catcher) through the functions' own `useRuntime`.
 */
export async function startFunctions(
  ctx: PieceContext,
  options: FunctionsOptions,
): Promise<FunctionsPiece> {
  const log = (line: string) => ctx.sink('functions', line);
  const api = await import('../functions/functions-api.ts');
  // The functions' log events (redacted in their logs.ts) go to the stack's log, one line each.
  api.setLogSink((severity, event, fields) => {
    const { event: _event, ...rest } = fields;
    const text = Object.entries(rest)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ');
    log(`${severity === 'info' ? '' : `${severity.toUpperCase()} `}${event} ${text}`.trim());
  });
  const mod = (await import('@omega/functions')) as Record<string, unknown>;
  const functions = discoverFunctions(mod);
  for (const fn of functions)
    if (fn.kind === 'unsupported') log(`${fn.name}: not run locally (${fn.why})`);

  const send = functions.find(
    (f): f is Extract<DiscoveredFunction, { kind: 'task' }> =>
      f.kind === 'task' && f.name === SEND_FUNCTION,
  );
  if (!send) throw new Error(`@omega/functions exports no task-queue function "${SEND_FUNCTION}"`);
  const runtime = await buildLocalRuntime({ ...options, sendTask: send, log });
  api.useRuntime(runtime.deps);
  if (options.syncTemplates && runtime.deps.twilio) {
    // With the photos' media templates (their URL host: the local media links' origin).
    const sync = options.media ? { mediaBase: options.media.publicUrl } : {};
    try {
      let synced = await api.syncWhatsAppTemplates(options.db, runtime.deps.twilio, sync);
      if (synced.some((t) => t.approval === 'received' || t.approval === 'pending')) {
        // The sandbox decides approval requests a moment later: a second pass stores the verdicts.
        await new Promise((resolve) => setTimeout(resolve, 200));
        synced = await api.syncWhatsAppTemplates(options.db, runtime.deps.twilio, sync);
      }
      const approved = synced.filter((t) => t.approval === 'approved').length;
      log(`templates:sync — ${synced.length} WhatsApp content templates, ${approved} approved`);
    } catch (error) {
      log(
        `templates:sync failed: ${(error as Error).message} (WhatsApp outside the 24 h window will be skipped)`,
      );
    }
  }

  const https = functions.filter(
    (f): f is Extract<DiscoveredFunction, { kind: 'https' }> => f.kind === 'https',
  );
  const mounted: MountedFunction[] = https.map((f) => ({
    name: f.name,
    path: `/${options.projectId}/${f.region}/${f.name}`,
    handler: f.handler,
  }));
  const ingest = mounted.find((f) => /ingest/i.test(f.name)) ?? null;

  let scheduler: Scheduler | null = null;
  const bridges: Array<{ collection: string; bridge: CollectionBridge }> = [];
  const triggers = functions.filter(
    (f): f is Extract<DiscoveredFunction, { kind: 'firestore' }> => f.kind === 'firestore',
  );
  const schedules = functions.filter(
    (f): f is Extract<DiscoveredFunction, { kind: 'schedule' }> => f.kind === 'schedule',
  );

  let server: Awaited<ReturnType<typeof startFunctionsServer>>;
  try {
    server = await startFunctionsServer({
      host: ctx.host,
      port: options.port,
      functions: mounted,
      aliases: options.aliases ?? ROOT_ALIASES,
      log,
      routes(app) {
        app.get('/', (_req, res) => {
          res.type('html').send(indexPage(status()));
        });
        app.get('/_stack.json', (_req, res) => {
          res.json(status());
        });
        app.get('/_push', async (_req, res) => {
          res.type('html').send(pushPage(await caughtPushes(options.db)));
        });
        app.get('/_push.json', async (_req, res) => {
          res.json(await caughtPushes(options.db));
        });
        app.post('/_schedules/:name', async (req, res) => {
          try {
            const result = await runSchedule(String(req.params.name));
            if (req.headers.accept?.includes('text/html')) res.redirect(303, '/');
            else res.json({ ok: true, result: result ?? null });
          } catch (error) {
            res.status(404).json({ ok: false, error: (error as Error).message });
          }
        });
        // The seeder pauses the triggers around its writes: seeded tickets are history, not
        // new tickets to announce. Resuming starts from a new baseline.
        app.post('/_triggers/pause', async (_req, res) => {
          await pauseTriggers();
          res.json({ ok: true, paused: true });
        });
        app.post('/_triggers/resume', async (_req, res) => {
          await resumeTriggers();
          res.json({ ok: true, paused: false });
        });
        if (!ingest) {
          app.all('/_ingest-missing', (_req, res) => {
            res
              .status(503)
              .send('@omega/functions exports no ingestion function yet; the worker will retry');
          });
        }
      },
    });
  } catch (error) {
    runtime.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new PortInUseError('Functions', ctx.host, options.port, 'STACK_FUNCTIONS_PORT');
    throw error;
  }
  const url = origin(ctx.host, server.port);
  for (const f of mounted) {
    const aliased = server.aliases.filter((a) => a.mounted && a.function === f.name);
    const also = aliased.map((a) => `${url}${a.prefix}/*`).join(', ');
    log(`https ${f.name} → ${url}${f.path}${also ? ` and ${also}` : ''}`);
  }
  for (const a of server.aliases.filter((x) => !x.mounted))
    log(`${a.prefix}/* → ${a.function}: not exported by @omega/functions yet (404)`);
  const customerMounted = server.aliases.some(
    (a) => a.mounted && a.function === CUSTOMER_FUNCTION && a.prefix === '/t',
  );
  if (!ingest)
    log(
      'no ingestion function in @omega/functions yet: the worker forwards to /_ingest-missing (503) and retries',
    );

  const byCollection = new Map<string, typeof triggers>();
  for (const t of triggers)
    byCollection.set(t.collection, [...(byCollection.get(t.collection) ?? []), t]);
  const startBridges = async () => {
    for (const [collection, list] of byCollection) {
      const bridge = bridgeCollection({
        db: options.db,
        collection,
        handlers: Object.fromEntries(
          list.map((t) => [
            t.name,
            async (change) => {
              if (!firesFor(t, change)) return;
              await t.run(firestoreEvent(t, change, options.projectId));
            },
          ]),
        ),
        retry: options.bridgeRetry ?? {},
        ...(options.triggerCopies ? { copies: options.triggerCopies } : {}),
        log: (line) => ctx.sink('bridge', line),
      });
      bridges.push({ collection, bridge });
    }
    await Promise.all(bridges.map((b) => b.bridge.ready));
  };
  let paused = false;
  const pauseTriggers = async () => {
    if (paused) return;
    paused = true;
    await Promise.all(bridges.map((b) => b.bridge.idle()));
    for (const b of bridges.splice(0)) b.bridge.stop();
    ctx.sink('bridge', 'paused: changes from now on trigger nothing');
  };
  const resumeTriggers = async () => {
    if (!paused) return;
    paused = false;
    await startBridges();
  };
  await startBridges();

  async function runSchedule(name: string): Promise<unknown> {
    if (scheduler) return scheduler.runNow(name);
    const fn = schedules.find((s) => s.name === name);
    if (!fn) throw new Error(`no schedule named ${name}`);
    return fn.run({ scheduleTime: new Date().toISOString(), jobName: name });
  }
  if (options.scheduler) {
    scheduler = startScheduler(
      schedules.map((s) => ({
        name: s.name,
        schedule: s.schedule,
        timeZone: s.timeZone,
        run: async () => s.run({ scheduleTime: new Date().toISOString(), jobName: s.name }),
      })),
      { log: (line) => ctx.sink('scheduler', line) },
    );
  }

  function status() {
    return {
      https: mounted.map((f) => ({ name: f.name, path: f.path })),
      triggers: triggers.map((t) => ({ name: t.name, event: t.event, collection: t.collection })),
      schedules: scheduler
        ? scheduler.jobs()
        : schedules.map((s) => ({
            name: s.name,
            schedule: s.schedule,
            timeZone: s.timeZone,
            nextAt: null,
            lastResult: 'scheduler off',
          })),
      queue: {
        pending: runtime.queue.pending().length,
        runs: runtime.queue.runs.length,
        failedRuns: runtime.queue.runs.filter((r) => !r.ok).length,
      },
      bridges: bridges.map((b) => ({ collection: b.collection, ...b.bridge.stats() })),
    };
  }

  let stopped = false;
  return {
    name: 'functions',
    url: `${url}/`,
    open: 'every function, the send queue and the schedules (run now)',
    ingestUrl: ingest ? `${url}${ingest.path}` : `${url}/_ingest-missing`,
    ingestFunction: ingest?.name ?? null,
    httpsUrls: Object.fromEntries(mounted.map((f) => [f.name, `${url}${f.path}`])),
    aliases: server.aliases,
    customerUrl: customerMounted ? url : null,
    functions,
    queue: runtime.queue,
    deps: runtime.deps,
    scheduler,
    get bridges() {
      return bridges.map((b) => b.bridge);
    },
    runSchedule,
    pauseTriggers,
    resumeTriggers,
    async settle(horizonMs = 10_000) {
      const progress = () =>
        runtime.queue.runs.length +
        bridges.reduce((n, b) => n + b.bridge.stats().delivered + b.bridge.stats().failed, 0);
      for (;;) {
        const before = progress();
        await Promise.all(bridges.map((b) => b.bridge.idle()));
        await runtime.queue.drain(horizonMs);
        await Promise.all(bridges.map((b) => b.bridge.idle()));
        if (progress() === before) return;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      scheduler?.stop();
      for (const b of bridges) b.bridge.stop();
      runtime.close();
      api.useRuntime(undefined);
      api.setLogSink(undefined);
      await server.close();
    },
  };
}

/** The push catcher's page URL on the functions server. */
export function pushCatcherUrl(functionsUrl: string): string {
  return `${functionsUrl.replace(/\/$/, '')}/_push`;
}
