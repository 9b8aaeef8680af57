import type { Auth } from 'firebase-admin/auth';
import { type HttpsOptions, onRequest } from 'firebase-functions/v2/https';
import type { FunctionsEnv } from '../env.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { answerMisconfigured, ConfigurationError, type PlainResponse } from './misconfigured.ts';
import { REGION } from './options.ts';
import { type FunctionName, secretsOf } from './secrets.ts';

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
 * request whose body was already read; the Node adapter uses its `rawBody`. `name` is the
 * export's name: its secrets (`FUNCTION_SECRETS`) are declared and read by it. With a
 * configuration `runtime()` refuses, every request (the health route included) answers 503
 * with the list of bad variables; nothing else runs.
 */
export function lazyHonoFunction(
  name: FunctionName,
  options: Omit<HttpsOptions, 'region' | 'secrets'>,
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
    const pipeline = await runtime(name);
    const app = getApps()[0] ?? initializeApp();
    const api = await build({ pipeline, auth: getAuth(app), env: readEnv() });
    return getRequestListener(api.fetch) as Listener;
  };
  return onRequest({ region: REGION, ...options, secrets: secretsOf(name) }, async (req, res) => {
    if (!listener) {
      listener = load();
      // Only a refused configuration is kept; a failed build (an import, a cold start) is retried.
      listener.catch((cause: unknown) => {
        if (!(cause instanceof ConfigurationError)) listener = undefined;
      });
    }
    let handle: Listener;
    try {
      handle = await listener;
    } catch (cause) {
      if (cause instanceof ConfigurationError) {
        answerMisconfigured(res as PlainResponse, cause);
        return;
      }
      throw cause;
    }
    await handle(req, res);
  });
}
