import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningChild, startChild } from '../child.ts';
import { origin, type Piece, type PieceContext } from '../piece.ts';
import { claimPort, waitUntil } from '../ports.ts';
import { binPath } from '../resolve-bin.ts';

/** The Auth emulator piece. */
export interface AuthPiece extends Piece {
  /** `host:port`, as `FIREBASE_AUTH_EMULATOR_HOST` expects. */
  emulatorHost: string;
}

// Lines of the Firebase CLI that say nothing useful locally (no network, no UI on purpose).
const NOISE =
  /MOTD|remote config|Issues\? Report|^\s*[│┌└├─┐┘┤┬┴┼]|Emulator UI is not starting|multiple instances of the emulator suite|VSCode|Emulator Hub host|Other reserved ports|Please wait for a clean shutdown|Received SIGTERM/;

/**
 * The Firebase Auth emulator from `firebase-tools` (`emulators:start --only auth`) with a
 * generated `firebase.json`: the `demo-*` project, fixed hub/logging ports, and the Emulator
 * UI disabled (the UI is a download). Starts with no download and no account. `external`
 * (`FIREBASE_AUTH_EMULATOR_HOST`) uses an emulator that is already running instead.
 */
export async function startAuthEmulator(
  ctx: PieceContext,
  options: { port: number; projectId: string; external: string | undefined; timeoutMs?: number },
): Promise<AuthPiece> {
  if (options.external) {
    ctx.sink(
      'auth',
      `using the Auth emulator at ${options.external} (FIREBASE_AUTH_EMULATOR_HOST)`,
    );
    return {
      name: 'auth',
      url: `http://${options.external}`,
      open: 'external Auth emulator',
      emulatorHost: options.external,
      async stop() {},
    };
  }
  const port = await claimPort({
    piece: 'Auth emulator',
    port: options.port,
    host: ctx.host,
    variable: 'STACK_AUTH_PORT',
  });
  // The CLI wants fixed ports for its hub and logging servers: give it free ones so two
  // stacks (or a test next to `pnpm dev`) never collide on 4400/4500.
  const hubPort = await claimPort({ piece: 'Auth emulator hub', port: 0, host: ctx.host });
  const loggingPort = await claimPort({ piece: 'Auth emulator logging', port: 0, host: ctx.host });
  const dir = join(ctx.stateDir, 'firebase');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'firebase.json'),
    `${JSON.stringify(
      {
        emulators: {
          auth: { host: ctx.host, port },
          hub: { host: ctx.host, port: hubPort },
          logging: { host: ctx.host, port: loggingPort },
          ui: { enabled: false },
          singleProjectMode: true,
        },
      },
      null,
      2,
    )}\n`,
  );
  const child: RunningChild = startChild({
    piece: 'auth',
    command: process.execPath,
    args: [
      binPath('firebase-tools', 'firebase'),
      'emulators:start',
      '--only',
      'auth',
      '--project',
      options.projectId,
      '--non-interactive',
    ],
    cwd: dir,
    env: {
      ...process.env,
      // Never a prompt, an update check or usage reporting from a dev tool.
      NO_UPDATE_NOTIFIER: '1',
      FIREBASE_CLI_EXPERIMENTS: '',
      // The CLI must not think it is inside another emulator suite.
      FIRESTORE_EMULATOR_HOST: '',
      FIREBASE_AUTH_EMULATOR_HOST: '',
    },
    sink: ctx.sink,
    ignore: NOISE,
  });
  const url = origin(ctx.host, port);
  const early = child.exited.then((code) => {
    throw new Error(
      `Auth emulator: firebase exited (${code}) before it was ready; see its log above`,
    );
  });
  early.catch(() => {}); // only the race below cares
  try {
    await Promise.race([
      waitUntil('Auth emulator', async () => (await fetch(`${url}/`)).ok, {
        timeoutMs: options.timeoutMs ?? 180_000,
        intervalMs: 500,
      }),
      early,
    ]);
  } catch (error) {
    await child.stop();
    throw error;
  }
  ctx.sink('auth', `Auth emulator ready on ${url} (project ${options.projectId})`);
  return {
    name: 'auth',
    url,
    open: `sign-ins for project ${options.projectId} (REST; no UI)`,
    emulatorHost: `${ctx.host}:${port}`,
    stop: () => child.stop(),
  };
}
