import { join } from 'node:path';
import type { ProxyOptions, ViteDevServer } from 'vite';
import { REPO_ROOT } from '../env.ts';
import { origin, type Piece, type PieceContext } from '../piece.ts';
import { claimPort } from '../ports.ts';

/** The staff dashboard's folder (its `vite.config.ts` and `index.html`). */
export const DASHBOARD_ROOT = join(REPO_ROOT, 'apps/dashboard');

/** Where a locally served dashboard sends its calls. */
export interface DashboardTargets {
  /** The staff API function's URL (`…/<project>/<region>/staffApi`): `/api/*` goes there. */
  api: string;
  /** The Auth emulator's origin (`http://host:port`), or null when there is none. */
  auth: string | null;
  /**
   * Where `/api/public/*` works (`urls.customer`: the customer API's root alias), or null/absent:
   * the dashboard's example of the customer opt-in components calls it same-origin.
   */
  customer?: string | null;
}

/**
 * The one local wiring of the dashboard, shared by `pnpm dev` (this piece, Vite's dev server)
 * and the dashboard's browser test (`vite preview` of the production build): the dashboard is
 * built with `VITE_AUTH_EMULATOR_HOST=same-origin`, and the server that serves it proxies
 * `/api` to the staff API function (`/api/public` to the customer API, listed first: Vite takes
 * the first matching prefix) and the Identity Toolkit / Secure Token paths to the Auth
 * emulator, so the browser talks to one origin only (as behind Firebase Hosting).
 */
export function dashboardServerConfig(targets: DashboardTargets): {
  /** `VITE_*` variables to set in `process.env` before Vite reads its environment. */
  env: { VITE_AUTH_EMULATOR_HOST: string };
  proxy: Record<string, ProxyOptions>;
} {
  const proxy: Record<string, ProxyOptions> = {};
  if (targets.customer) proxy['/api/public'] = { target: targets.customer, changeOrigin: true };
  proxy['/api'] = { target: targets.api, changeOrigin: true };
  if (targets.auth) {
    proxy['/identitytoolkit.googleapis.com'] = { target: targets.auth, changeOrigin: true };
    proxy['/securetoken.googleapis.com'] = { target: targets.auth, changeOrigin: true };
  }
  return { env: { VITE_AUTH_EMULATOR_HOST: 'same-origin' }, proxy };
}

/** Options of {@link startDashboard}. */
export interface DashboardOptions extends DashboardTargets {
  /** 0 = any free port. */
  port: number;
  /** The dashboard's folder (default {@link DASHBOARD_ROOT}). */
  root?: string;
}

/** The dashboard piece: Vite's dev server (HMR) on the dashboard's own config. */
export interface DashboardPiece extends Piece {
  server: ViteDevServer;
}

/**
 * Serves `apps/dashboard` with Vite's dev server (its own `vite.config.ts`: React plugin, HMR),
 * wired to the stack by {@link dashboardServerConfig}. Vite is loaded only when the piece
 * starts: stacks without the dashboard do not pay for it.
 */
export async function startDashboard(
  ctx: PieceContext,
  options: DashboardOptions,
): Promise<DashboardPiece> {
  const root = options.root ?? DASHBOARD_ROOT;
  const port = await claimPort({
    piece: 'Staff dashboard (Vite)',
    port: options.port,
    host: ctx.host,
    variable: 'STACK_DASHBOARD_PORT',
  });
  const { env, proxy } = dashboardServerConfig(options);
  Object.assign(process.env, env);
  const { createLogger, createServer } = await import('vite');
  const logger = createLogger('info', { allowClearScreen: false });
  const forward = (line: string) => {
    for (const part of line.split('\n')) if (part.trim()) ctx.sink('dashboard', part.trimEnd());
  };
  logger.info = (msg) => forward(msg);
  logger.warn = (msg) => forward(msg);
  logger.warnOnce = (msg) => forward(msg);
  logger.error = (msg) => forward(msg);
  const server = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    configLoader: 'runner',
    customLogger: logger,
    clearScreen: false,
    server: { host: ctx.host, port, strictPort: true, proxy },
  });
  try {
    await server.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  const url = `${origin(ctx.host, port)}/`;
  ctx.sink(
    'dashboard',
    `staff dashboard on ${url} (Vite dev server, HMR; /api → ${options.api}${options.auth ? `, sign-in → ${options.auth}` : ', no Auth emulator: sign-in will fail'})`,
  );
  let stopped: Promise<void> | null = null;
  return {
    name: 'dashboard',
    url,
    open: 'staff dashboard (Vite dev server, HMR)',
    server,
    stop() {
      stopped ??= server.close();
      return stopped;
    },
  };
}
