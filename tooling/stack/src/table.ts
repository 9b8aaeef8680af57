import type { Piece } from './piece.ts';

/**
 * The short table `pnpm dev` prints once everything is up: each piece, its URL and what it is
 * for, with the page to open first marked `▶`.
 */
export function summaryTable(pieces: Piece[], first: string): string {
  const rows = pieces.map((p) => [p.name === first ? '▶' : ' ', p.name, p.url, p.open]);
  const w1 = Math.max(5, ...rows.map((r) => r[1]?.length ?? 0));
  const w2 = Math.max(3, ...rows.map((r) => r[2]?.length ?? 0));
  const line = (m: string, a: string, b: string, c: string) =>
    `${m} ${a.padEnd(w1)}  ${b.padEnd(w2)}  ${c}`.trimEnd();
  return [
    line(' ', 'piece', 'URL', 'what for'),
    line(' ', '─'.repeat(w1), '─'.repeat(w2), '─'.repeat(8)),
    ...rows.map((r) => line(r[0] ?? ' ', r[1] ?? '', r[2] ?? '', r[3] ?? '')),
  ].join('\n');
}
