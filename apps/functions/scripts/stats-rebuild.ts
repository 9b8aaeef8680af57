// `pnpm --filter @omega/functions stats:rebuild`: recomputes stats_daily, stats_monthly and
// stats_coverage/current from the documents (src/stats/rebuild.ts), page by page, printing where
// it stands. Safe to stop at any time: run it again and it resumes; once done, a new run starts
// over. `--restart` starts over even when half done; `--page-size N` (default 100, at most 200).
// Firestore: FIRESTORE_EMULATOR_HOST or the default credentials (a first deploy on existing data).
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { firestoreSettingsSource } from '../src/settings/settings-source.ts';
import { runStatsRebuild } from '../src/stats/rebuild.ts';

const args = process.argv.slice(2);
const sizeAt = args.indexOf('--page-size');
const pageSize = sizeAt >= 0 ? Number(args[sizeAt + 1]) : 100;
if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) {
  console.error('stats:rebuild: --page-size must be a whole number from 1 to 200');
  process.exit(1);
}
const db = getFirestore(initializeApp());
const settings = await firestoreSettingsSource(db).get();
let restart = args.includes('--restart');
for (;;) {
  const progress = await runStatsRebuild(db, {
    settings: settings.core,
    now: new Date(),
    pageSize,
    maxPages: 20,
    restart,
  });
  restart = false;
  console.log(`stats:rebuild ${progress.phase} — ${progress.documents} documents read`);
  if (progress.done) break;
}
process.exit(0);
