import type { EnvIssue } from '@omega/config/env';

// Kept free of runtime imports: the entry loads it (HTTPS functions answer with it) before any schema.

/** A deployed function refused to run: one error naming every bad variable. */
export class ConfigurationError extends Error {
  readonly functionName: string;
  readonly problems: readonly EnvIssue[];

  constructor(functionName: string, problems: readonly EnvIssue[]) {
    super(
      `${functionName}: refusing to run with this configuration, nothing is planned or sent until it is fixed:\n${problems
        .map((p) => `  - ${p.variable}: ${p.message}`)
        .join('\n')}\nSee .env.example, apps/functions/README.md and \`pnpm preflight <project>\`.`,
    );
    this.name = 'ConfigurationError';
    this.functionName = functionName;
    this.problems = problems;
  }
}

/** The part of a Node/Express response the refusal writes (works with both). */
export interface PlainResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/**
 * The body every request to a misconfigured HTTPS function gets, health routes included:
 * `{ ok: false, error: { code: 'misconfigured', message, problems: [{ variable, message }] } }`
 * (variable names and what is wrong, never a value of a secret).
 */
export function misconfiguredBody(error: ConfigurationError) {
  return {
    ok: false as const,
    error: {
      code: 'misconfigured' as const,
      message: `Service non configuré pour la production : ${error.problems.map((p) => p.variable).join(', ')}.`,
      problems: error.problems.map((p) => ({ variable: p.variable, message: p.message })),
    },
  };
}

/** Answers 503 with {@link misconfiguredBody} (no cache: a redeploy fixes it). */
export function answerMisconfigured(res: PlainResponse, error: ConfigurationError): void {
  res.statusCode = 503;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(misconfiguredBody(error)));
}
