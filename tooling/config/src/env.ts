import { z } from 'zod';

/** One invalid or missing environment variable. */
export interface EnvIssue {
  /** The variable's name, e.g. `TWILIO_AUTH_TOKEN`. */
  variable: string;
  /** What is wrong with it, in plain words. */
  message: string;
}

/** Thrown once at start-up when the environment does not satisfy an app's schema. */
export class EnvError extends Error {
  readonly issues: readonly EnvIssue[];

  constructor(app: string, issues: readonly EnvIssue[]) {
    super(
      `${app}: invalid environment\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}\nSee .env.example for every variable.`,
    );
    this.name = 'EnvError';
    this.issues = issues;
  }
}

/** Options of {@link parseEnv}. */
export interface ParseEnvOptions {
  /** App name used in the error message. */
  app: string;
}

/**
 * Validates an environment object (`process.env`, a Worker's `env`) against a zod object
 * schema once, at start. Empty strings count as unset, so `FOO=` in a `.env` file falls back
 * to the schema's default. Returns the parsed, typed values or throws an {@link EnvError}
 * listing every bad variable at once.
 *
 * @example
 * const env = parseEnv(z.object({ PORT: z.coerce.number().int().default(8080) }), process.env, { app: 'functions' });
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  source: Record<string, unknown>,
  options: ParseEnvOptions,
): z.output<S> {
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== '' && value !== undefined) cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(root)',
    message:
      issue.code === 'invalid_type' && issue.input === undefined
        ? 'is required but not set'
        : issue.message,
  }));
  throw new EnvError(options.app, issues);
}

/** A boolean environment flag: accepts `true/false/1/0/yes/no` (any case). */
export const envBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A TCP port number from the environment. */
export const envPort = z.coerce.number().int().min(1).max(65_535);
