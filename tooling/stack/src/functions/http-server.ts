import { createServer, type Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import type { RootAlias } from './aliases.ts';
import type { HttpsHandler } from './discover.ts';

/** An HTTPS function mounted at its emulator-style path. */
export interface MountedFunction {
  /** `/<project>/<region>/<name>`. */
  path: string;
  name: string;
  handler: HttpsHandler;
}

/** An alias and whether its function is mounted. */
export interface AliasStatus extends RootAlias {
  mounted: boolean;
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
  /** Root-level paths served by a function (Hosting rewrites); default none. */
  aliases?: readonly RootAlias[];
  routes: LocalRoutes;
  log(line: string): void;
}): Promise<{
  server: Server;
  port: number;
  aliases: AliasStatus[];
  close(): Promise<void>;
}> {
  const app = express();
  app.disable('x-powered-by');
  const run =
    (fn: MountedFunction, wholePath: boolean) =>
    async (req: Request, res: Response): Promise<void> => {
      // Under its own path the function sees the rest of the path (the emulator's layout);
      // behind a root alias it sees the whole path, as behind a Hosting rewrite.
      if (wholePath) req.url = req.originalUrl;
      const started = Date.now();
      res.once('finish', () =>
        options.log(
          `${fn.name}: ${req.method}${wholePath ? ` ${req.baseUrl}/*` : ''} ${res.statusCode} (${Date.now() - started} ms)`,
        ),
      );
      try {
        await fn.handler(req, res);
      } catch (error) {
        options.log(`${fn.name}: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) res.status(500).send('Internal error');
      }
    };
  const body = [express.raw({ type: () => true, limit: '10mb' }), functionsFrameworkBody];
  for (const fn of options.functions) app.use(fn.path, ...body, run(fn, false));
  const aliases: AliasStatus[] = [];
  for (const alias of options.aliases ?? []) {
    const fn = options.functions.find((f) => f.name === alias.function);
    aliases.push({ ...alias, mounted: fn !== undefined });
    if (fn) app.use(alias.prefix, ...body, run(fn, true));
    else
      app.use(alias.prefix, (_req: Request, res: Response) => {
        res
          .status(404)
          .type('text')
          .send(
            `${alias.prefix}/* is served by the function "${alias.function}", which @omega/functions does not export (yet).`,
          );
      });
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
    aliases,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
