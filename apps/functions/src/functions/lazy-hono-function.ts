import type { Auth } from 'firebase-admin/auth';
import { type HttpsOptions, onRequest } from 'firebase-functions/v2/https';
import type { FunctionsEnv } from '../env.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { REGION } from './options.ts';

/** What an HTTP app is built from on its first request. */
export interface HttpAppContext {
  pipeline: PipelineDeps;
  auth: Auth;
  env: FunctionsEnv;
}

type Listener = (req: unknown, res: unknown) => Promise<unknown>;

/**
 * An HTTPS function serving a Hono app that is built on the first request, not when the entry is
 * imported: every function instance imports the entry, most never serve HTTP, so Hono, the
 * routes and firebase-admin load only where they are used. Firebase hands an Express-style
 * request whose body was already read; the Node adapter uses its `rawBody`.
 */
export function lazyHonoFunction(
  options: Omit<HttpsOptions, 'region'>,
  build: (
    context: HttpAppContext,
  ) => Promise<{ fetch: (request: Request) => Response | Promise<Response> }>,
) {
  let listener: Promise<Listener> | undefined;
  const load = async (): Promise<Listener> => {
    const [
      { getRequestListener },
      { getApps, initializeApp },
      { getAuth },
      { readEnv },
      { runtime },
    ] = await Promise.all([
      import('@hono/node-server'),
      import('firebase-admin/app'),
      import('firebase-admin/auth'),
      import('../env.ts'),
      import('./runtime.ts'),
    ]);
    const pipeline = await runtime();
    const app = getApps()[0] ?? initializeApp();
    const api = await build({ pipeline, auth: getAuth(app), env: readEnv() });
    return getRequestListener(api.fetch) as Listener;
  };
  return onRequest({ region: REGION, ...options }, async (req, res) => {
    listener ??= load();
    const handle = await listener;
    await handle(req, res);
  });
}
