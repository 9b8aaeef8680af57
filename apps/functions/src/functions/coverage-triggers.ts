import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { REGION } from './options.ts';
import { type FunctionName, secretsOf } from './secrets.ts';

type Side = Record<string, unknown> | null;

async function update(
  name: FunctionName,
  kind: 'profile' | 'client',
  id: string,
  before: Side,
  after: Side,
) {
  const [{ updateCoverage }, { runtime }] = await Promise.all([
    import('../stats/coverage.ts'),
    import('./runtime.ts'),
  ]);
  const deps = await runtime(name);
  const settings = await deps.settings.get();
  await updateCoverage(deps.db, { kind, id, before, after }, settings.core, deps.clock());
}

/** Coverage counters follow every profile write (consent, phone, email, phone status…). */
export const coverageOnProfileWrite = onDocumentWritten(
  {
    document: 'customer_profiles/{customerId}',
    region: REGION,
    secrets: secretsOf('coverageOnProfileWrite'),
  },
  async (event) => {
    await update(
      'coverageOnProfileWrite',
      'profile',
      event.params.customerId,
      event.data?.before.data() ?? null,
      event.data?.after.data() ?? null,
    );
  },
);

/** … and every walk-in client write. */
export const coverageOnClientWrite = onDocumentWritten(
  { document: 'clients/{clientId}', region: REGION, secrets: secretsOf('coverageOnClientWrite') },
  async (event) => {
    await update(
      'coverageOnClientWrite',
      'client',
      event.params.clientId,
      event.data?.before.data() ?? null,
      event.data?.after.data() ?? null,
    );
  },
);
