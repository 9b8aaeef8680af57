import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { REGION } from './options.ts';

type Side = Record<string, unknown> | null;

async function update(kind: 'profile' | 'client', id: string, before: Side, after: Side) {
  const [{ updateCoverage }, { runtime }] = await Promise.all([
    import('../stats/coverage.ts'),
    import('./runtime.ts'),
  ]);
  const deps = await runtime();
  const settings = await deps.settings.get();
  await updateCoverage(deps.db, { kind, id, before, after }, settings.core, deps.clock());
}

/** Coverage counters follow every profile write (consent, phone, email, phone status…). */
export const coverageOnProfileWrite = onDocumentWritten(
  { document: 'customer_profiles/{customerId}', region: REGION },
  async (event) => {
    await update(
      'profile',
      event.params.customerId,
      event.data?.before.data() ?? null,
      event.data?.after.data() ?? null,
    );
  },
);

/** … and every walk-in client write. */
export const coverageOnClientWrite = onDocumentWritten(
  { document: 'clients/{clientId}', region: REGION },
  async (event) => {
    await update(
      'client',
      event.params.clientId,
      event.data?.before.data() ?? null,
      event.data?.after.data() ?? null,
    );
  },
);
