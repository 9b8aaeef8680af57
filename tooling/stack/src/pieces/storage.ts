import { type StorageEmulator, start } from '@omega/storage-emulator';
import type { Piece, PieceContext } from '../piece.ts';
import { claimPort, PortInUseError } from '../ports.ts';

/** Cloud Storage for the photos: the local stand-in, or the one `STORAGE_EMULATOR_HOST` names. */
export interface StoragePiece extends Piece {
  /** The value of `STORAGE_EMULATOR_HOST` the functions' SDK uses. */
  emulatorHost: string;
  /** The stand-in started by the stack, or null when an external one is used. */
  emulator: StorageEmulator | null;
}

/**
 * The Cloud Storage stand-in (`tooling/storage-emulator`: the part of the JSON API that
 * firebase-admin's storage calls), or nothing when `external` (`STORAGE_EMULATOR_HOST`) names one.
 */
export async function startStorage(
  ctx: PieceContext,
  options: { port: number; external: string | undefined },
): Promise<StoragePiece> {
  if (options.external) {
    return {
      name: 'storage',
      url: options.external,
      open: 'external Cloud Storage emulator (STORAGE_EMULATOR_HOST)',
      emulatorHost: options.external,
      emulator: null,
      async stop() {},
    };
  }
  const port =
    options.port === 0
      ? 0
      : await claimPort({
          piece: 'Cloud Storage stand-in',
          port: options.port,
          host: ctx.host,
          variable: 'STACK_STORAGE_PORT',
        });
  let emulator: StorageEmulator;
  try {
    emulator = await start({ port, host: ctx.host, log: (line) => ctx.sink('storage', line) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new PortInUseError('Cloud Storage stand-in', ctx.host, port, 'STACK_STORAGE_PORT');
    throw error;
  }
  let stopped = false;
  return {
    name: 'storage',
    url: `${emulator.url}/`,
    open: 'photos as stored (Cloud Storage JSON API stand-in)',
    emulatorHost: emulator.url,
    emulator,
    async stop() {
      if (stopped) return;
      stopped = true;
      await emulator.stop();
    },
  };
}
