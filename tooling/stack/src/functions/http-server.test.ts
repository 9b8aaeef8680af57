import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_ALIASES } from './aliases.ts';
import { startFunctionsServer } from './http-server.ts';

// A stand-in for the customer-facing function (`customerApi`, not exported by
// @omega/functions yet): it echoes what it received, so the test sees the path the function
// gets behind each alias and under its own emulator path.
const seen: Array<{ method: string; url: string; body: unknown; raw: string }> = [];
function standIn(req: Request & { rawBody?: Buffer }, res: Response) {
  seen.push({
    method: req.method,
    url: req.url,
    body: req.body,
    raw: req.rawBody?.toString('utf8') ?? '',
  });
  res.json({ fn: 'customerApi', url: req.url });
}

describe('root aliases on the functions server', () => {
  let server: Awaited<ReturnType<typeof startFunctionsServer>>;
  let origin: string;
  const logs: string[] = [];

  beforeAll(async () => {
    server = await startFunctionsServer({
      host: '127.0.0.1',
      port: 0,
      functions: [
        { name: 'customerApi', path: '/demo-x/europe-west1/customerApi', handler: standIn },
        {
          name: 'staffApi',
          path: '/demo-x/europe-west1/staffApi',
          handler: (_req: Request, res: Response) => res.json({ fn: 'staffApi' }),
        },
      ],
      aliases: [...ROOT_ALIASES, { prefix: '/r', function: 'notExported' }],
      routes: (app) => {
        app.get('/', (_req, res) => {
          res.send('index');
        });
      },
      log: (line) => logs.push(line),
    });
    origin = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('reports which aliases are mounted', () => {
    expect(server.aliases).toEqual([
      { prefix: '/t', function: 'customerApi', mounted: true },
      { prefix: '/api/public', function: 'customerApi', mounted: true },
      { prefix: '/m', function: 'customerApi', mounted: true },
      { prefix: '/r', function: 'notExported', mounted: false },
    ]);
  });

  it.each([
    ['GET', '/t/Ab3xK9pQ', '/t/Ab3xK9pQ'],
    ['GET', '/t/Ab3xK9pQ?utm=sms', '/t/Ab3xK9pQ?utm=sms'],
    ['POST', '/t/Ab3xK9pQ/preferences', '/t/Ab3xK9pQ/preferences'],
    ['GET', '/api/public/tickets/OM-2601-0001', '/api/public/tickets/OM-2601-0001'],
    ['GET', '/demo-x/europe-west1/customerApi/t/Ab3', '/t/Ab3'],
  ])('%s %s reaches customerApi, which sees %s', async (method, path, expected) => {
    const res = await fetch(`${origin}${path}`, { method });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ fn: 'customerApi', url: expected });
  });

  it('passes a form body as the Functions Framework does (rawBody kept)', async () => {
    seen.length = 0;
    await fetch(`${origin}/t/Ab3/preferences`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'sms=on&whatsapp=',
    });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/t/Ab3/preferences',
        body: { sms: 'on', whatsapp: '' },
        raw: 'sms=on&whatsapp=',
      },
    ]);
  });

  it.each([
    ['/tickets', 404],
    ['/api/staff/me', 404],
    ['/', 200],
  ])('%s is not an alias (%i)', async (path, status) => {
    const res = await fetch(`${origin}${path}`);
    expect(res.status).toBe(status);
    if (status === 200) expect(await res.text()).toBe('index');
    else expect(await res.text()).not.toContain('customerApi');
  });

  it('an alias whose function is not exported answers 404 saying so', async () => {
    const res = await fetch(`${origin}/r/abc`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe(
      '/r/* is served by the function "notExported", which @omega/functions does not export (yet).',
    );
  });

  it('logs alias calls with the prefix, not the id', () => {
    expect(logs.some((l) => /^customerApi: GET \/t\/\* 200 \(\d+ ms\)$/.test(l))).toBe(true);
    expect(logs.join('\n')).not.toContain('Ab3xK9pQ');
  });
});
