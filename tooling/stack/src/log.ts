/** Receives every log line of every piece, already split into lines. */
export type LogSink = (piece: string, line: string) => void;

const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92];
const PAD = 10;

/** A sink that drops everything (tests that only look at results). */
export const silentSink: LogSink = () => {};

/**
 * Prints `piece     │ line` to stdout, one colour per piece when `colour` is true (a TTY), so
 * the interleaved output of every piece stays readable.
 */
export function consoleSink(options: { colour?: boolean } = {}): LogSink {
  const colour = options.colour ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
  const assigned = new Map<string, number>();
  return (piece, line) => {
    let code = assigned.get(piece);
    if (code === undefined) {
      code = COLOURS[assigned.size % COLOURS.length] ?? 37;
      assigned.set(piece, code);
    }
    const label = piece.padEnd(PAD).slice(0, PAD);
    process.stdout.write(
      colour ? `\x1b[${code}m${label}\x1b[0m │ ${line}\n` : `${label} │ ${line}\n`,
    );
  };
}

/** Keeps the last `max` lines in memory (tests print them when something fails). */
export function memorySink(max = 2000): LogSink & { lines: string[] } {
  const lines: string[] = [];
  const sink = ((piece: string, line: string) => {
    lines.push(`${piece} │ ${line}`);
    if (lines.length > max) lines.splice(0, lines.length - max);
  }) as LogSink & { lines: string[] };
  sink.lines = lines;
  return sink;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Turns a stream of chunks (a child's stdout) into lines for `sink`, without colour codes and
 * without blank lines; a partial last line waits for the next chunk or for `flush()`.
 */
export function lineSplitter(
  sink: LogSink,
  piece: string,
): { write(chunk: Buffer | string): void; flush(): void } {
  let pending = '';
  const emit = (raw: string) => {
    const line = raw.replace(ANSI, '').replace(/\r/g, '').trimEnd();
    if (line.trim().length > 0) sink(piece, line);
  };
  return {
    write(chunk) {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) emit(part);
    },
    flush() {
      if (pending) emit(pending);
      pending = '';
    },
  };
}
