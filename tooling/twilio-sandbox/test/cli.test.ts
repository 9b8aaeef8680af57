import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../bin/twilio-sandbox.mjs');
const ACCOUNT = `AC${'0'.repeat(32)}`;

type Bin = ChildProcessByStdio<null, Readable, Readable>;

/** Starts the bin; resolves with its URL once it has printed `until` (default its inbox line). */
function startBin(args: string[], env: Record<string, string>, until = 'Inbox:') {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--timings', 'instant', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<{ url: string; output: string }>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no URL in:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Inbox: (http:\/\/[\d.]+:\d+)\//.exec(output);
      if (match?.[1] && new RegExp(`${until}.*\n`).test(output)) {
        clearTimeout(timer);
        resolve({ url: match[1], output });
      }
    });
  });
  return { child, ready };
}

async function stopBin(child: Bin) {
  child.kill('SIGTERM');
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('CLI', () => {
  it('starts from its bin with flags and environment, serves the API, and stops on SIGTERM', async () => {
    const { child, ready } = startBin([], { TWILIO_AUTH_TOKEN: 'cli-token' });
    try {
      const { url } = await ready;
      const auth = `Basic ${Buffer.from(`${ACCOUNT}:cli-token`).toString('base64')}`;
      const res = await fetch(`${url}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'To=%2B33612345678&From=OMEGA&Body=hi',
      });
      expect(res.status).toBe(201);
      const denied = await fetch(`${url}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
        headers: {
          Authorization: `Basic ${Buffer.from(`${ACCOUNT}:sandbox-auth-token`).toString('base64')}`,
        },
      });
      expect(denied.status).toBe(401);
    } finally {
      expect(await stopBin(child)).toBe(0);
    }
  });

  it('injects the faults its flags and environment ask for (here: every request a 429)', async () => {
    const { child, ready } = startBin(
      ['--rate-429', '100%', '--seed', '7'],
      { TWILIO_SANDBOX_RETRY_AFTER: '9' },
      'Faults:',
    );
    try {
      const { url, output } = await ready;
      expect(output).toContain('Faults: {"rate429":1,"retryAfterSeconds":9,"seed":7}');
      const auth = `Basic ${Buffer.from(`${ACCOUNT}:sandbox-auth-token`).toString('base64')}`;
      const res = await fetch(`${url}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
        headers: { Authorization: auth },
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('9');
    } finally {
      expect(await stopBin(child)).toBe(0);
    }
  });
});
