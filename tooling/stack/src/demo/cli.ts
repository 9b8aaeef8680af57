#!/usr/bin/env node
// `pnpm demo`: runs the demo on the stack `pnpm dev` started, then prints what each customer got.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { readRunning } from '../running.ts';
import { formatReport } from './report.ts';
import { runDemo } from './run-demo.ts';

const running = readRunning();
if (!running) {
  console.error('demo: no running stack — start it first with `pnpm dev` (in another terminal)');
  process.exit(1);
}
process.env.FIRESTORE_EMULATOR_HOST = running.urls.firestore;
process.env.METADATA_SERVER_DETECTION ??= 'none';
const db = getFirestore(initializeApp({ projectId: running.projectId }));
const sandboxUrl = running.urls.twilio.startsWith('http://') ? running.urls.twilio : null;
console.log(
  `demo: on ${running.urls.functions} — watch ${sandboxUrl ?? 'your Twilio console'} and ${running.urls.mail}`,
);
const reports = await runDemo({ db, sandboxUrl, log: (line) => console.log(`demo: ${line}`) });
console.log(formatReport(reports));
await db.terminate();
process.exit(0);
