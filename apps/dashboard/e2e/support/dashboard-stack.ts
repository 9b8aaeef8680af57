import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dashboardServerConfig,
  type LogSink,
  type Stack,
  type StackOptions,
  startStack,
} from '@omega/stack';
import { build, type PreviewServer, preview } from 'vite';

/** `apps/dashboard`. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** The whole local system and the dashboard's production build served in front of it. */
export interface DashboardStack {
  stack: Stack;
  /** The `vite preview` origin (`http://127.0.0.1:<port>`). */
  origin: string;
  /** Stops the preview server, then the stack. */
  stop(): Promise<void>;
}

/**
 * Starts `startStack()` on free ports (Firestore, Auth emulator, functions, Twilio sandbox,
 * mail, webhook worker; no scheduler; instant sandbox, fast retries), then builds the dashboard
 * and serves it with `vite preview` wired like `pnpm dev` (`dashboardServerConfig`: `/api` →
 * staffApi, `/api/public` → customerApi, Identity Toolkit → Auth emulator, all same-origin, as
 * behind Firebase Hosting). Each test file passes its own project id and build folder.
 */
export async function startDashboardStack(options: {
  projectId: string;
  sink: LogSink;
  /** Build folder under `test-results/`. */
  outDir: string;
  /** Runs once Firestore is up, before the triggers watch (the demo seeder). */
  beforeTriggers?: StackOptions['beforeTriggers'];
}): Promise<DashboardStack> {
  const stack = await startStack({
    env: {
      ...process.env,
      GCLOUD_PROJECT: options.projectId,
      STACK_SKIP: '',
      SHORT_LINK_DOMAIN: 'omega.test',
    },
    ports: { firestore: 0, auth: 0, functions: 0, sandbox: 0, smtp: 0, mailWeb: 0, worker: 0 },
    timings: 'instant',
    skip: ['scheduler'],
    backoffScale: 0.01,
    bridgeRetry: { attempts: 3, firstDelayMs: 100 },
    sink: options.sink,
    ...(options.beforeTriggers ? { beforeTriggers: options.beforeTriggers } : {}),
  });
  let server: PreviewServer | undefined;
  try {
    if (!stack.urls.auth) throw new Error('the stack started without the Auth emulator');
    if (!stack.urls.staffApi) throw new Error('@omega/functions exports no staffApi');
    const local = dashboardServerConfig({
      api: stack.urls.staffApi,
      auth: stack.urls.auth,
      customer: stack.urls.customer,
    });
    Object.assign(process.env, local.env);
    const outDir = join(DASHBOARD_DIR, 'test-results', options.outDir);
    await build({ root: DASHBOARD_DIR, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await preview({
      root: DASHBOARD_DIR,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, proxy: local.proxy },
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const running = server;
  const address = running.httpServer.address() as AddressInfo;
  return {
    stack,
    origin: `http://127.0.0.1:${address.port}`,
    async stop() {
      await new Promise<void>((resolve) => running.httpServer.close(() => resolve()));
      await stack.stop();
    },
  };
}
