import { format } from 'node:util';
import type { LogSink } from './log.ts';

/**
 * Formats one line the functions log: `firebase-functions/logger` writes JSON entries
 * (`{ severity, message, ...fields }`); they become `WARN event key=value …` so the
 * terminal stays readable. Anything else is returned unchanged.
 */
export function formatFunctionsLine(line: string): { piece: string; text: string } {
  if (line.startsWith('MailDev')) return { piece: 'mail', text: line };
  if (!line.startsWith('{')) return { piece: 'stack', text: line };
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (typeof entry.severity !== 'string') return { piece: 'stack', text: line };
    const { severity, message, event, ...fields } = entry;
    const rest = Object.entries(fields)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ');
    const level = severity === 'INFO' ? '' : `${severity} `;
    return { piece: 'functions', text: `${level}${String(event ?? message ?? '')} ${rest}`.trim() };
  } catch {
    return { piece: 'stack', text: line };
  }
}

/**
 * Sends everything written with `console.*` in this process to the sink, formatted by
 * {@link formatFunctionsLine}. Must run before `firebase-functions/logger` is imported: it
 * keeps the console functions it finds at load time.
 */
export function captureConsole(sink: LogSink): void {
  const write = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) {
      if (!line.trim()) continue;
      const { piece, text } = formatFunctionsLine(line);
      sink(piece, text);
    }
  };
  console.log = write;
  console.info = write;
  console.warn = write;
  console.error = write;
  console.debug = write;
}
