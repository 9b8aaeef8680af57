import { createServer } from 'node:net';

/** Thrown when a piece's port is taken: says which piece, which port, and how to change it. */
export class PortInUseError extends Error {
  readonly piece: string;
  readonly port: number;

  constructor(piece: string, host: string, port: number, variable: string | undefined) {
    const hint = variable
      ? `stop whatever listens there (\`lsof -i :${port}\`) or set ${variable}=<another port> (0 = any free port) in .env`
      : `stop whatever listens there (\`lsof -i :${port}\`)`;
    super(`${piece}: port ${port} on ${host} is already in use — ${hint}.`);
    this.name = 'PortInUseError';
    this.piece = piece;
    this.port = port;
  }
}

function tryListen(port: number, host: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(null);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** A free TCP port on `host` (the OS picks it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const port = await tryListen(0, host);
  if (port === null) throw new Error(`no free port on ${host}`);
  return port;
}

/** What {@link claimPort} needs to know about the piece asking. */
export interface PortRequest {
  /** Human name of the piece, for the error message ("Auth emulator"). */
  piece: string;
  /** Wanted port; 0 = any free port. */
  port: number;
  /** Interface the piece will bind (default 127.0.0.1). */
  host?: string;
  /** The `.env` variable that sets this port, for the error message. */
  variable?: string;
}

/**
 * Resolves the port a piece will listen on: a free one for 0, else the wanted one after
 * checking that nothing listens there (a {@link PortInUseError} otherwise). Pieces that bind
 * their own port (child processes, servers without port 0 support) call this first so a busy
 * port fails fast with a readable message instead of a stack trace from deep inside a tool.
 */
export async function claimPort(request: PortRequest): Promise<number> {
  const host = request.host ?? '127.0.0.1';
  if (request.port === 0) return freePort(host);
  const bound = await tryListen(request.port, host);
  if (bound === null) throw new PortInUseError(request.piece, host, request.port, request.variable);
  return bound;
}

/** Resolves when `probe` succeeds, polling every `intervalMs`; rejects after `timeoutMs`. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) throw new Error(`${what}: start aborted`);
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(`${what} did not answer within ${Math.round(options.timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
