import type { Socket } from 'node:net';

/**
 * Connections the sandbox holds open on purpose without answering (`hang-after`). `stop()`
 * destroys them, so closing the server never waits for a client to give up.
 */
export class HeldSockets {
  readonly #sockets = new Set<Socket>();

  /** Keeps `socket` open, unanswered, until the client closes it or {@link destroyAll}. */
  hold(socket: Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  /** How many connections are being held. */
  get size(): number {
    return this.#sockets.size;
  }

  destroyAll(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }
}
