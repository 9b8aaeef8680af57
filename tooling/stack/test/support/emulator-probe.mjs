// Run by `firebase emulators:exec` (test/functions-emulator.test.ts) once the emulators are up:
// asks the emulator hub where everything listens, lists what the Functions emulator discovered,
// calls the staff API's and the customer API's health routes, and the staff API with an ID token
// of a staff account created in the Auth emulator. Writes everything it saw as JSON to
// $OMEGA_PROBE_OUT; the test judges it. Plain Node, no dependency: it runs in the CLI's child.
import { writeFileSync } from 'node:fs';

const hub = process.env.FIREBASE_EMULATOR_HUB;
const project = process.env.GCLOUD_PROJECT;
const out = process.env.OMEGA_PROBE_OUT;
if (!hub || !project || !out) {
  console.error(
    'emulator-probe: FIREBASE_EMULATOR_HUB, GCLOUD_PROJECT and OMEGA_PROBE_OUT are needed',
  );
  process.exit(2);
}

async function call(url, init = {}) {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let body = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { url, status: res.status, body, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { url, status: null, body: String(error), ms: Math.round(performance.now() - started) };
  }
}

const json = (body) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
  body: JSON.stringify(body),
});

const emulators = (await call(`http://${hub}/emulators`)).body;
const functionsOrigin = `http://${emulators.functions.host}:${emulators.functions.port}`;
const authOrigin = `http://${emulators.auth.host}:${emulators.auth.port}`;
const backends = (await call(`${functionsOrigin}/backends`)).body;
const region = process.env.OMEGA_PROBE_REGION;
const fn = (name) => `${functionsOrigin}/${project}/${region}/${name}`;

const staffHealth = await call(`${fn('staffApi')}/api/health`);
const customerHealth = await call(`${fn('customerApi')}/api/public/health`);

// A staff account in the Auth emulator (its REST API, as the dashboard signs in), then the staff
// API's `/api/staff/me` with and without its ID token.
const identity = `${authOrigin}/identitytoolkit.googleapis.com/v1`;
const email = `staff-${Date.now()}@omega.test`;
const signUp = await call(
  `${identity}/accounts:signUp?key=emulator`,
  json({ email, password: 'omega-emulator', returnSecureToken: true }),
);
await call(
  `${identity}/projects/${project}/accounts:update`,
  json({ localId: signUp.body.localId, customAttributes: JSON.stringify({ staff: true }) }),
);
const signIn = await call(
  `${identity}/accounts:signInWithPassword?key=emulator`,
  json({ email, password: 'omega-emulator', returnSecureToken: true }),
);
const staffMe = await call(`${fn('staffApi')}/api/staff/me`, {
  headers: { authorization: `Bearer ${signIn.body.idToken}` },
});
const staffAnonymous = await call(`${fn('staffApi')}/api/staff/me`);

writeFileSync(
  out,
  JSON.stringify(
    { emulators, backends, staffHealth, customerHealth, staffMe, staffAnonymous },
    null,
    2,
  ),
);
