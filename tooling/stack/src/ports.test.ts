import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { claimPort, freePort, PortInUseError, waitUntil } from './ports.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function occupy(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('claimPort', () => {
  it('gives a free port for 0, and the wanted port when it is free', async () => {
    const any = await claimPort({ piece: 'Functions', port: 0 });
    expect(any).toBeGreaterThan(0);
    const wanted = await freePort();
    await expect(claimPort({ piece: 'Functions', port: wanted })).resolves.toBe(wanted);
  });

  it('names the piece, the port and the variable to change when the port is taken', async () => {
    const taken = await occupy();
    const error = await claimPort({
      piece: 'Webhook worker (wrangler dev)',
      port: taken,
      variable: 'STACK_WORKER_PORT',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toBe(
      `Webhook worker (wrangler dev): port ${taken} on 127.0.0.1 is already in use — stop whatever listens there (\`lsof -i :${taken}\`) or set STACK_WORKER_PORT=<another port> (0 = any free port) in .env.`,
    );
    expect((error as PortInUseError).port).toBe(taken);
  });
});

describe('waitUntil', () => {
  it('polls until the probe succeeds, ignoring probes that throw', async () => {
    let calls = 0;
    await waitUntil(
      'thing',
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return calls >= 4;
      },
      { timeoutMs: 2000, intervalMs: 5 },
    );
    expect(calls).toBe(4);
  });

  it('says what did not answer in time', async () => {
    await expect(
      waitUntil('wrangler dev', async () => false, { timeoutMs: 30, intervalMs: 5 }),
    ).rejects.toThrow('wrangler dev did not answer within 0 s');
  });
});
