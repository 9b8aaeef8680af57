// The deployed functions started with a production-like environment (no emulator, no local
// stack: the production build of runtime()) refuse to plan or send with a broken configuration,
// with one readable error naming every bad variable, logged once; the HTTPS functions answer
// 503 with the list, health routes included. Against the embedded Firestore server: nothing is
// written. The same build runs once the configuration is right, and in the emulator.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Change } from 'firebase-functions/v2';
import functionsTest from 'firebase-functions-test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/functions/configuration.ts';
import { buildProductionDeps } from '../src/functions/runtime.ts';
import {
  coverageOnClientWrite,
  customerApi,
  ingestTwilioEvent,
  onTicketUpdated,
  sendNotification,
  staffApi,
  sweepStuck,
} from '../src/index.ts';
import { type LogSink, setLogSink } from '../src/logs.ts';
import { openTestFirestore } from './support/firestore.ts';
import { seedWalkIn, ticket } from './support/fixtures.ts';

/** What a shop would deploy: every variable right. */
const PRODUCTION: Record<string, string> = {
  EDGE_PUBLIC_URL: 'https://hooks.omega-services.fr',
  APP_PUBLIC_URL: 'https://app.omega-services.fr',
  PUSH_MODE: 'fcm',
  SHORT_LINK_DOMAIN: 'omg.fr',
  MAIL_FROM: "O'MEGA Services <notifications@omega-services.fr>",
  TWILIO_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'f3c9a1d27e4b8c6f0a5d9e2b7c4f1a8d',
  SMTP_URL: 'smtps://notifications:p4ss@smtp.example-mail.fr:465',
  SHORT_LINK_SECRET: 'Yb8s2KqLm4Nw7Rt1Vx9Za3Cd6Fg0Hj5P',
  INGEST_HMAC_SECRET: 'q8W2e4R6t8Y0u2I4o6P8a0S2d4F6g8H0j2K4',
};
/** … with the repository's local short-link key and HMAC key left in. */
const DEFAULT_SECRETS = {
  SHORT_LINK_SECRET: 'local-short-link-secret',
  INGEST_HMAC_SECRET: 'dev-ingest-secret-0000000000000000000000',
};

const t = openTestFirestore();
const fft = functionsTest();
const saved = { ...process.env };
const logged: { event: string; fields: Record<string, unknown> }[] = [];
const sink: LogSink = (_severity, event, fields) => {
  logged.push({ event, fields });
};
const refusals = (functionName: string) =>
  logged.filter(
    (l) => l.event === 'configuration_refused' && l.fields.functionName === functionName,
  );

function setEnv(values: Record<string, string>): void {
  for (const key of Object.keys(process.env)) {
    if (key in PRODUCTION || key === 'FUNCTIONS_EMULATOR') delete process.env[key];
  }
  Object.assign(process.env, values);
}

let server: Server;
let base = '';
// biome-ignore lint/suspicious/noExplicitAny: an HTTPS function takes Express's request types.
type Handler = (req: any, res: any) => unknown;
let serve: Handler = () => undefined;

beforeAll(async () => {
  setLogSink(sink);
  // The functions as Cloud Run calls them: a plain Node request and response.
  server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  setLogSink(undefined);
  process.env = saved;
  await new Promise((done) => server.close(done));
  fft.cleanup();
  await t.close();
});
beforeEach(async () => {
  await t.reset();
  setEnv({ ...PRODUCTION, ...DEFAULT_SECRETS });
});

async function request(fn: Handler, path: string, init?: RequestInit) {
  serve = fn;
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function count(collection: string): Promise<number> {
  return (await t.db.collection(collection).get()).size;
}

describe('a production build with a local secret', () => {
  it('refuses to plan: the ticket trigger fails with one error naming the variable, logged once', async () => {
    await seedWalkIn(t.db, 'c1');
    const ref = t.db.doc('tickets/t1');
    await ref.set(ticket({ status: 'in_repair' }));
    const before = await ref.get();
    await ref.update({ status: 'completed' });
    const after = await ref.get();
    const event = { data: new Change(before, after), params: { ticketId: 't1' } };
    const run = fft.wrap(onTicketUpdated);

    const error = await run(event).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    const refused = error as ConfigurationError;
    expect(refused.problems).toEqual([
      { variable: 'SHORT_LINK_SECRET', message: expect.stringContaining('is a local value') },
    ]);
    expect(refused.message).toMatch(
      /^onTicketUpdated: refusing to run with this configuration, nothing is planned or sent until it is fixed:\n {2}- SHORT_LINK_SECRET: is a local value/,
    );
    expect(refused.message).not.toContain('local-short-link-secret');

    // The redelivery (retry: true) is refused the same way, without a second log line.
    await expect(run(event)).rejects.toBe(refused);
    expect(refusals('onTicketUpdated')).toHaveLength(1);
    expect(refusals('onTicketUpdated')[0]?.fields.variables).toEqual(['SHORT_LINK_SECRET']);
    expect(await count('notification_history')).toBe(0);
    expect(await count('short_links')).toBe(0);
  });

  it('refuses to send: the send task stops before reading or claiming anything', async () => {
    const planned = {
      ticketId: 't1',
      channel: 'sms',
      status: 'planned',
      attempts: 0,
      recipient: { e164: '+33612345678' },
    };
    await t.db.doc('notification_history/n1').set(planned);
    const run = (sendNotification as unknown as { run(request: unknown): Promise<unknown> }).run;
    const error = await run({ data: { notificationId: 'n1' }, retryCount: 0, id: 'n1' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.map((p) => p.variable)).toEqual([
      'SHORT_LINK_SECRET',
    ]);
    expect((await t.db.doc('notification_history/n1').get()).data()).toEqual(planned);
    expect(await count('send_claims')).toBe(0);
  });

  it("answers 503 with the list on the staff API's health route, and on every other route", async () => {
    const health = await request(staffApi, '/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({
      ok: false,
      error: {
        code: 'misconfigured',
        message: 'Service non configuré pour la production : SHORT_LINK_SECRET.',
        problems: [
          { variable: 'SHORT_LINK_SECRET', message: expect.stringContaining('is a local value') },
        ],
      },
    });
    expect((await request(staffApi, '/api/staff/me')).status).toBe(503);
    expect(refusals('staffApi')).toHaveLength(1);
  });

  it('ingestion answers 503 with the list (the worker keeps the event and retries)', async () => {
    const answer = await request(ingestTwilioEvent, '/', { method: 'POST', body: '{}' });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      error: { code: 'misconfigured', problems: [{ variable: 'INGEST_HMAC_SECRET' }] },
    });
  });
});

describe('a production build with local URLs and the push catcher', () => {
  it('stops every function, secrets or not: the sweeper names each bad variable at once', async () => {
    setEnv({
      ...PRODUCTION,
      EDGE_PUBLIC_URL: 'http://127.0.0.1:8787',
      APP_PUBLIC_URL: 'http://localhost:5173',
      PUSH_MODE: 'catcher',
    });
    const run = (sweepStuck as unknown as { run(event: unknown): Promise<unknown> }).run;
    const error = await run({}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain(
      '  - EDGE_PUBLIC_URL: points at a local address (http://127.0.0.1:8787)\n' +
        '  - APP_PUBLIC_URL: points at a local address (http://localhost:5173)\n' +
        '  - PUSH_MODE: must be fcm (catcher records pushes, never delivers them)',
    );
  });
});

describe('the same build with a right configuration, and in the emulator', () => {
  it('runs a function whose configuration is complete (the coverage counters reach Firestore)', async () => {
    setEnv(PRODUCTION);
    const ref = t.db.doc('clients/c9');
    await ref.set({ name: 'Jean', phone: '06 12 34 56 78' });
    const snap = await ref.get();
    const empty = fft.firestore.makeDocumentSnapshot({}, 'clients/c9');
    await fft.wrap(coverageOnClientWrite)({
      data: new Change(empty, snap),
      params: { clientId: 'c9' },
    });
    expect(await count('stats_coverage')).toBe(1);
    expect(refusals('coverageOnClientWrite')).toHaveLength(0);
  });

  it('builds only what a function declares: no Twilio, no short-link key for the sweeper (SMTP only for the shop emails it re-drives), nothing for the budget check', async () => {
    const deps = await buildProductionDeps('sweepStuck', { ...PRODUCTION });
    expect(deps.twilio).toBeUndefined();
    expect(Object.keys(deps.senders).sort()).toEqual(['email', 'push']);
    const budget = await buildProductionDeps('budgetCheck', { ...PRODUCTION });
    expect(budget.twilio).toBeUndefined();
    expect(Object.keys(budget.senders)).toEqual(['push']);
    expect(() => deps.config.shortLinkSecret).toThrow(
      'sweepStuck reads SHORT_LINK_SECRET without declaring it',
    );
    const send = await buildProductionDeps('sendNotification', { ...PRODUCTION });
    expect(Object.keys(send.senders).sort()).toEqual(['email', 'push', 'sms', 'whatsapp']);
    expect(send.config.shortLinkSecret).toBe(PRODUCTION.SHORT_LINK_SECRET);
  });

  it("keeps the customer API's health route answering in the Functions emulator", async () => {
    setEnv({ ...DEFAULT_SECRETS, FUNCTIONS_EMULATOR: 'true' });
    const health = await request(customerApi, '/api/public/health');
    expect(health).toEqual({ status: 200, body: { ok: true } });
  });
});
