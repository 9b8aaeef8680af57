import { join } from 'node:path';
import { startChild } from '../child.ts';
import { origin, type Piece, type PieceContext } from '../piece.ts';
import { claimPort, waitUntil } from '../ports.ts';
import { binPath, webhookEdgeDir } from '../resolve-bin.ts';

/** The webhook worker piece. */
export interface WorkerPiece extends Piece {
  /** Origin the worker listens on locally. */
  localUrl: string;
}

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  port: number;
  /** Where the queue consumer forwards events (the local ingestion endpoint). */
  ingestUrl: string;
  ingestSecret: string;
  /** Twilio auth token the signatures are checked with (the sandbox's, or the real one). */
  twilioAuthToken: string;
  /** The URL Twilio calls when it is not the local one (a tunnel): `PUBLIC_BASE_URL`. */
  publicBaseUrl: string | undefined;
  timeoutMs?: number;
}

const NOISE =
  /^\s*$|Your Worker has access to the following bindings|^\s*(env|Binding|Resource|Mode)\b|⎔|╭|╰|│|update available/;

/**
 * `apps/webhook-edge` under `wrangler dev` (workerd, local mode: no account, no network, no
 * metrics), with its local Queue and consumer, `INGEST_URL` pointing at the stack's ingestion
 * endpoint, and state kept in the run's folder. Values are passed with `--var`, so the app's
 * own `.dev.vars` is not needed.
 */
export async function startWorker(ctx: PieceContext, options: WorkerOptions): Promise<WorkerPiece> {
  const port = await claimPort({
    piece: 'Webhook worker (wrangler dev)',
    port: options.port,
    host: ctx.host,
    variable: 'STACK_WORKER_PORT',
  });
  const inspectorPort = await claimPort({ piece: 'wrangler inspector', port: 0, host: ctx.host });
  const appDir = webhookEdgeDir();
  const vars = [
    `INGEST_URL:${options.ingestUrl}`,
    `INGEST_SECRET:${options.ingestSecret}`,
    `TWILIO_AUTH_TOKEN:${options.twilioAuthToken}`,
    ...(options.publicBaseUrl ? [`PUBLIC_BASE_URL:${options.publicBaseUrl}`] : []),
  ];
  const child = startChild({
    piece: 'worker',
    command: process.execPath,
    args: [
      binPath('wrangler', 'wrangler'),
      'dev',
      '--config',
      join(appDir, 'wrangler.jsonc'),
      '--ip',
      ctx.host,
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      join(ctx.stateDir, 'wrangler'),
      '--log-level',
      'info',
      '--show-interactive-dev-session=false',
      ...vars.flatMap((v) => ['--var', v]),
    ],
    cwd: appDir,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
    sink: ctx.sink,
    ignore: NOISE,
  });
  const url = origin(ctx.host, port);
  const early = child.exited.then((code) => {
    throw new Error(
      `webhook worker: wrangler exited (${code}) before it was ready; see its log above`,
    );
  });
  early.catch(() => {});
  try {
    await Promise.race([
      waitUntil('webhook worker (wrangler dev)', async () => (await fetch(`${url}/health`)).ok, {
        timeoutMs: options.timeoutMs ?? 120_000,
        intervalMs: 300,
      }),
      early,
    ]);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    name: 'worker',
    url: `${url}/health`,
    open: 'Twilio webhooks: /twilio/status, /twilio/inbound → queue → ingestion',
    localUrl: url,
    stop: () => child.stop(),
  };
}
