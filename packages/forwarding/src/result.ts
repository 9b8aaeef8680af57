/**
 * An expected outcome as a value, structurally the same as `@omega/core`'s `Result`
 * (kept local so this contract module has no dependency for the functions side to bundle).
 */
export type Outcome<T, C extends string> =
  | { ok: true; value: T }
  | { ok: false; error: { code: C; message: string } };
