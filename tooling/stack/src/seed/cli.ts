#!/usr/bin/env node
// `pnpm seed`: fills the demo shop into the running stack (`pnpm dev` already does it at start
// unless `--no-seed`) or into the emulator named by FIRESTORE_EMULATOR_HOST (demo-* projects only).
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { readStackEnv, withDotEnv } from '../env.ts';
import { readRunning } from '../running.ts';
import { seedDemoShop } from './seed.ts';

const env = readStackEnv(withDotEnv());
const running = readRunning();
const host = running?.urls.firestore ?? env.FIRESTORE_EMULATOR_HOST;
if (!host) {
  console.error(
    'seed: no running stack (start `pnpm dev`) and no FIRESTORE_EMULATOR_HOST: nothing to seed',
  );
  process.exit(1);
}
process.env.FIRESTORE_EMULATOR_HOST = host;
const projectId = running?.projectId ?? env.GCLOUD_PROJECT;
const db = getFirestore(initializeApp({ projectId }));
const functions = running?.urls.functions;
const call = async (path: string) => {
  if (!functions) return;
  const response = await fetch(`${functions}${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
};
// Seeded tickets are the shop's past: pause the running stack's triggers while writing.
await call('/_triggers/pause');
try {
  const result = await seedDemoShop(db, {
    embedded: running?.embeddedFirestore ?? false,
    projectId,
  });
  console.log(result.ok ? result.value.summary : result.error.message);
  process.exitCode = result.ok || result.error.code === 'already_seeded' ? 0 : 1;
} finally {
  await call('/_triggers/resume');
  await db.terminate();
}
