import type { Piece, PieceContext } from '../piece.ts';
import { claimPort } from '../ports.ts';
import { filterListenWakeUps } from './firestore-listen-filter.ts';

/** The Firestore the stack talks to. */
export interface FirestorePiece extends Piece {
  /** `host:port`, as `FIRESTORE_EMULATOR_HOST` expects. */
  emulatorHost: string;
  /** True when the stack started the embedded server (false: an external emulator). */
  embedded: boolean;
}

/**
 * The embedded Firestore-protocol server (`@firestore-emulator/server`, in this process, in
 * memory), or the emulator named by `external` (`FIRESTORE_EMULATOR_HOST`: the official one on
 * a machine with Java). The embedded server binds every interface.
 */
export async function startFirestore(
  ctx: PieceContext,
  options: { port: number; external: string | undefined },
): Promise<FirestorePiece> {
  if (options.external) {
    ctx.sink('firestore', `using the emulator at ${options.external} (FIRESTORE_EMULATOR_HOST)`);
    return {
      name: 'firestore',
      url: options.external,
      open: 'external emulator (FIRESTORE_EMULATOR_HOST)',
      emulatorHost: options.external,
      embedded: false,
      async stop() {},
    };
  }
  const port = await claimPort({
    piece: 'Firestore (embedded)',
    port: options.port,
    host: '0.0.0.0',
    variable: 'STACK_FIRESTORE_PORT',
  });
  const { FirestoreServer } = await import('@firestore-emulator/server');
  const server = new FirestoreServer();
  filterListenWakeUps(server);
  await server.start(port);
  const emulatorHost = `${ctx.host}:${port}`;
  ctx.sink('firestore', `embedded Firestore-protocol server on ${emulatorHost} (in memory)`);
  let stopped = false;
  return {
    name: 'firestore',
    url: emulatorHost,
    open: 'FIRESTORE_EMULATOR_HOST for scripts; data is in memory',
    emulatorHost,
    embedded: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      server.stop();
    },
  };
}
