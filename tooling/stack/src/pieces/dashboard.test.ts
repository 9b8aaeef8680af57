import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySink } from '../log.ts';
import { type DashboardPiece, dashboardServerConfig, startDashboard } from './dashboard.ts';

describe('dashboardServerConfig', () => {
  it.each([
    [
      'with the Auth emulator',
      'http://127.0.0.1:9099',
      ['/api', '/identitytoolkit.googleapis.com', '/securetoken.googleapis.com'],
    ],
    ['without it', null, ['/api']],
  ])('%s: proxies %j', (_what, auth, paths) => {
    const config = dashboardServerConfig({ api: 'http://127.0.0.1:5001/p/r/staffApi', auth });
    expect(Object.keys(config.proxy)).toEqual(paths);
    expect(config.proxy['/api']).toEqual({
      target: 'http://127.0.0.1:5001/p/r/staffApi',
      changeOrigin: true,
    });
    for (const path of paths.slice(1))
      expect(config.proxy[path]).toEqual({ target: auth, changeOrigin: true });
    expect(config.env).toEqual({ VITE_AUTH_EMULATOR_HOST: 'same-origin' });
  });

  it('sends /api/public to the customer API, ahead of /api (Vite takes the first matching prefix)', () => {
    const config = dashboardServerConfig({
      api: 'http://127.0.0.1:5001/p/r/staffApi',
      auth: null,
      customer: 'http://127.0.0.1:5001',
    });
    expect(Object.keys(config.proxy)).toEqual(['/api/public', '/api']);
    expect(config.proxy['/api/public']).toEqual({
      target: 'http://127.0.0.1:5001',
      changeOrigin: true,
    });
  });
});

// The piece itself: Vite's dev server on apps/dashboard, its proxies pointed at a stand-in for
// the functions server and the Auth emulator (the real ones are in test/e2e.test.ts).
describe('startDashboard', () => {
  const seen: Array<{ method: string; url: string; host: string }> = [];
  let stub: Server;
  let stubOrigin: string;
  let piece: DashboardPiece;
  let stateDir: string;
  const sink = memorySink();

  beforeAll(async () => {
    stub = createServer((req: IncomingMessage, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '' });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ stub: true, url: req.url }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    stubOrigin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    stateDir = mkdtempSync(join(tmpdir(), 'omega-dashboard-test-'));
    piece = await startDashboard(
      { host: '127.0.0.1', sink, stateDir },
      {
        port: 0,
        api: `${stubOrigin}/demo-x/europe-west1/staffApi`,
        auth: stubOrigin,
        customer: stubOrigin,
      },
    );
  }, 60_000);

  afterAll(async () => {
    await piece?.stop();
    await new Promise<void>((resolve) => stub.close(() => resolve()));
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('serves the app through Vite with HMR, its modules transformed', async () => {
    expect(piece.name).toBe('dashboard');
    expect(piece.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await (await fetch(piece.url)).text();
    expect(html).toContain('<div id="root">');
    expect(html).toContain('/@vite/client');
    expect(html).toContain('/src/main.tsx');
    // A client-side route gets the SPA's index too.
    const deep = await fetch(`${piece.url}customers/c1`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toContain('<div id="root">');
    const main = await (await fetch(`${piece.url}src/main.tsx`)).text();
    expect(main).toContain('createRoot');
    expect(main).not.toContain('<StrictMode>'); // JSX compiled by the dashboard's React plugin
    // The build-time variable the sign-in reads: the Auth emulator is behind the same origin.
    const config = await (await fetch(`${piece.url}src/config.ts`)).text();
    expect(config).toContain('"VITE_AUTH_EMULATOR_HOST": "same-origin"');
  });

  it('proxies /api to the staff API function and sign-in to the Auth emulator', async () => {
    const health = await fetch(`${piece.url}api/health`);
    expect(await health.json()).toEqual({
      stub: true,
      url: '/demo-x/europe-west1/staffApi/api/health',
    });
    const signIn = await fetch(
      `${piece.url}identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=k`,
      { method: 'POST', body: '{}' },
    );
    expect(await signIn.json()).toEqual({
      stub: true,
      url: '/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=k',
    });
    const refresh = await fetch(`${piece.url}securetoken.googleapis.com/v1/token?key=k`, {
      method: 'POST',
    });
    expect(refresh.ok).toBe(true);
    // changeOrigin: the target sees its own host, as it would behind Hosting.
    expect(seen.map((s) => s.host)).toEqual(Array(3).fill(stubOrigin.replace('http://', '')));
  });

  it('proxies /api/public to the customer API, not to the staff API (the app config has /api too)', async () => {
    const health = await fetch(`${piece.url}api/public/health`);
    expect(await health.json()).toEqual({ stub: true, url: '/api/public/health' });
  });

  it('stops with the stack: nothing listens on its port afterwards', async () => {
    await piece.stop();
    await piece.stop(); // idempotent
    await expect(fetch(piece.url)).rejects.toThrow();
    expect(sink.lines.some((l) => l.startsWith('dashboard │ staff dashboard on'))).toBe(true);
  });
});
