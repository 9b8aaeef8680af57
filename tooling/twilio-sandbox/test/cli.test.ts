import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../bin/twilio-sandbox.mjs');

describe('CLI', () => {
  it('starts from its bin with flags and environment, serves the API, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--timings', 'instant'], {
      env: { ...process.env, TWILIO_AUTH_TOKEN: 'cli-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no URL in:\n${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Inbox: (http:\/\/[\d.]+:\d+)\//.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const account = `AC${'0'.repeat(32)}`;
      const auth = `Basic ${Buffer.from(`${account}:cli-token`).toString('base64')}`;
      const res = await fetch(`${url}/2010-04-01/Accounts/${account}/Messages.json`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'To=%2B33612345678&From=OMEGA&Body=hi',
      });
      expect(res.status).toBe(201);
      const denied = await fetch(`${url}/2010-04-01/Accounts/${account}/Messages.json`, {
        headers: {
          Authorization: `Basic ${Buffer.from(`${account}:sandbox-auth-token`).toString('base64')}`,
        },
      });
      expect(denied.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });
});
