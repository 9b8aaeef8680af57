import { createServer, type Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import type { HttpsHandler } from './discover.ts';

/** An HTTPS function mounted at its emulator-style path. */
export interface MountedFunction {
  /** `/<project>/<region>/<name>`. */
  path: string;
  name: string;
  handler: HttpsHandler;
}

/** Extra local routes (pages, status, schedule triggers). */
export type LocalRoutes = (app: express.Express) => void;

/**
 * Parses the body the way Google's Functions Framework does for `onRequest` functions:
 * `req.rawBody` keeps the exact bytes (signature checks need them), `req.body` is the parsed
 * JSON or form, or the text.
 */
function functionsFrameworkBody(req: Request, _res: Response, next: () => void): void {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  (req as Request & { rawBody: Buffer }).rawBody = raw;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (raw.length === 0) req.body = undefined;
  else if (type === 'application/json') {
    try {
      req.body = JSON.parse(raw.toString('utf8'));
    } catch {
      req.body = raw.toString('utf8');
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    req.body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  } else if (type?.startsWith('text/')) req.body = raw.toString('utf8');
  next();
}

/**
 * The local HTTP server of the functions: each HTTPS function at
 * `http://host:port/<project>/<region>/<name>` (the Functions emulator's layout; a function that
 * is itself an app sees the rest of the path), plus the stack's own pages.
 */
export async function startFunctionsServer(options: {
  host: string;
  port: number;
  functions: MountedFunction[];
  routes: LocalRoutes;
  log(line: string): void;
}): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  for (const fn of options.functions) {
    app.use(
      fn.path,
      express.raw({ type: () => true, limit: '10mb' }),
      functionsFrameworkBody,
      async (req: Request, res: Response) => {
        const started = Date.now();
        res.once('finish', () =>
          options.log(`${fn.name}: ${req.method} ${res.statusCode} (${Date.now() - started} ms)`),
        );
        try {
          await fn.handler(req, res);
        } catch (error) {
          options.log(`${fn.name}: ${error instanceof Error ? error.stack : String(error)}`);
          if (!res.headersSent) res.status(500).send('Internal error');
        }
      },
    );
  }
  options.routes(app);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
