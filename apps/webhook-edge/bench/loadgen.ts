// A small closed-loop HTTP load generator (keep-alive, fixed concurrency) for loopback
// benchmarks. Usage: tsx bench/loadgen.ts <json options> — prints one JSON result line.
import { Agent, request } from 'node:http';
import twilio from 'twilio';

interface Options {
  /** e.g. http://127.0.0.1:8787/twilio/status */
  target: string;
  token: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });

// 256 distinct signed callbacks, each with its own notification id and MessageSid.
const requests = Array.from({ length: 256 }, (_, i) => {
  const url = `${options.target}?n=bench_${i}`;
  const params: Record<string, string> = {
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    ApiVersion: '2010-04-01',
    From: 'whatsapp:+33612345678',
    MessageSid: `SM${i.toString(16).padStart(32, '0')}`,
    MessageStatus: 'delivered',
    SmsSid: `SM${i.toString(16).padStart(32, '0')}`,
    SmsStatus: 'delivered',
    To: 'whatsapp:+33698765432',
  };
  const body = new URLSearchParams(params).toString();
  const parsed = new URL(url);
  return {
    path: parsed.pathname + parsed.search,
    host: parsed.hostname,
    port: Number(parsed.port),
    body,
    signature: twilio.getExpectedTwilioSignature(options.token, url, params),
  };
});

function once(i: number): Promise<{ status: number; ms: number }> {
  const r = requests[i % requests.length];
  if (!r) throw new Error('no request');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: r.host,
        port: r.port,
        path: r.path,
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(r.body),
          'X-Twilio-Signature': r.signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
        );
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

async function run(ms: number, record: boolean) {
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < until) {
        try {
          const { status, ms: took } = await once(counter++);
          if (status !== 204) errors++;
          if (record) latencies.push(took);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    errors,
  };
}

await run(options.warmupMs, false);
console.log(JSON.stringify(await run(options.durationMs, true)));
agent.destroy();
