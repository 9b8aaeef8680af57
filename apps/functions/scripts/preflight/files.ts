// Reading the configuration files a deploy uses, as their tools read them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * A dotenv file as the Firebase CLI reads `.env.<project>` (and wrangler `secret bulk` a `.env`):
 * `KEY=value` lines, `#` comments, optional `export `, values in single quotes (literal) or
 * double quotes (`\n` escapes, may span lines), an unquoted value ends at ` #`.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re =
    /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(?:'([^']*)'|"((?:\\.|[^"\\])*)"|([^\n#]*?))[ \t]*(?:#[^\n]*)?$/gm;
  for (const m of text.matchAll(re)) {
    const key = m[1] as string;
    if (m[2] !== undefined) out[key] = m[2];
    else if (m[3] !== undefined)
      out[key] = m[3]
        .replace(/\\n/g, '\n')
        .replace(/\\r/g, '\r')
        .replace(/\\(["\\])/g, '$1');
    else out[key] = (m[4] ?? '').trim();
  }
  return out;
}

/** JSON with comments and trailing commas (`wrangler.jsonc`), strings left alone. */
export function parseJsonc(text: string): unknown {
  const noComments = text.replace(
    /("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_m, str: string | undefined) => str ?? '',
  );
  const noTrailingCommas = noComments.replace(
    /("(?:\\.|[^"\\])*")|,(\s*[}\]])/g,
    (_m, str: string | undefined, close: string | undefined) => str ?? close ?? '',
  );
  return JSON.parse(noTrailingCommas);
}

/** A file's text, or undefined when it does not exist. */
export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Values from a `.env`-style or JSON object file (`wrangler secret bulk` takes both). */
export function parseValuesFile(text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  }
  return parseDotenv(text);
}

/**
 * What two parties may compare to know they hold the same secret without showing it: the first
 * 12 hex digits of its SHA-256 (48 bits: for a random key of 32 characters, no way back).
 */
export function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`;
}
