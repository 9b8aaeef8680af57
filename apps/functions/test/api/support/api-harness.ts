import { createStaffApi, type StaffApi } from '../../../src/api/app.ts';
import { apiDepsFromPipeline } from '../../../src/api/build-deps.ts';
import type { ApiDeps } from '../../../src/api/deps.ts';
import type { StaffUser, TokenVerifier } from '../../../src/http/index.ts';
import { type PipelineHarness, startPipelineHarness } from '../../support/pipeline-harness.ts';
import { useHarness } from '../../support/use-harness.ts';

/** Tokens the stub verifier knows (real Firebase tokens are tested in `auth-emulator.test.ts`). */
export const TOKENS = {
  staff: 'token-staff',
  admin: 'token-admin',
  customer: 'token-customer',
} as const;

const USERS: Record<string, StaffUser> = {
  [TOKENS.staff]: {
    uid: 'staff-1',
    email: 'comptoir@omega.test',
    name: 'Comptoir',
    staff: true,
    admin: false,
  },
  [TOKENS.admin]: {
    uid: 'admin-1',
    email: 'gerant@omega.test',
    name: 'Gérant',
    staff: true,
    admin: true,
  },
  [TOKENS.customer]: {
    uid: 'cust-1',
    email: 'client@example.fr',
    name: null,
    staff: false,
    admin: false,
  },
};

/** A verifier that knows three fixed tokens: for route tests that are not about authentication. */
export const stubVerifier: TokenVerifier = {
  async verify(token) {
    const user = USERS[token];
    return user
      ? { ok: true, value: user }
      : { ok: false, error: { code: 'invalid_token', message: 'Jeton invalide.' } };
  },
};

/** The pipeline harness plus the API wired to it. */
export interface ApiHarness extends PipelineHarness {
  api: StaffApi;
  apiDeps: ApiDeps;
  /**
   * `api.request` with a bearer token and JSON. A POST carries a fresh `Idempotency-Key` (one
   * per call, as the dashboard sends one per click) unless `idempotencyKey` names one, or is
   * `null` for none.
   */
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  json<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: CallOptions,
  ): Promise<{ status: number; body: T }>;
}

/** Options of {@link ApiHarness.call}. */
export interface CallOptions {
  token?: string | null;
  body?: unknown;
  idempotencyKey?: string | null;
}

/** Starts the pipeline harness and the API on it; `verifier` defaults to {@link stubVerifier}. */
export async function startApiHarness(verifier: TokenVerifier = stubVerifier): Promise<ApiHarness> {
  const h = await startPipelineHarness();
  let n = 0;
  const apiDeps = apiDepsFromPipeline(h.deps, {
    auth: verifier,
    corsOrigins: ['http://dashboard.test'],
  });
  const api = createStaffApi(apiDeps);
  const call: ApiHarness['call'] = (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? TOKENS.staff : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const key =
      options.idempotencyKey === undefined
        ? method === 'POST'
          ? `test-key-${String(++n).padStart(6, '0')}`
          : null
        : options.idempotencyKey;
    if (key !== null) headers['idempotency-key'] = key;
    return Promise.resolve(
      api.request(path, {
        method,
        headers,
        body:
          options.body === undefined
            ? undefined
            : typeof options.body === 'string'
              ? options.body
              : JSON.stringify(options.body),
      }),
    );
  };
  return Object.assign(h, {
    api,
    apiDeps,
    call,
    async json<T>(method: string, path: string, options?: CallOptions) {
      const res = await call(method, path, options);
      return { status: res.status, body: (await res.json()) as T };
    },
  }) as ApiHarness;
}

/** {@link useHarness} with the staff API harness. */
export function useApiHarness(hooks: {
  started(h: ApiHarness): void;
  each?(): void | Promise<void>;
}): void {
  useHarness({ start: () => startApiHarness(), ...hooks });
}
