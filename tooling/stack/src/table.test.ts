import { describe, expect, it } from 'vitest';
import { summaryTable } from './table.ts';

const piece = (name: string, url: string, open: string) => ({
  name,
  url,
  open,
  stop: async () => {},
});

describe('summaryTable', () => {
  it('lines up piece, URL and purpose, and marks the page to open first', () => {
    const table = summaryTable(
      [
        piece('twilio', 'http://127.0.0.1:4010/', 'SMS/WhatsApp inbox'),
        piece('functions', 'http://127.0.0.1:5001/', 'functions'),
      ],
      'twilio',
    );
    expect(table.split('\n')).toEqual([
      '  piece      URL                     what for',
      '  ─────────  ──────────────────────  ────────',
      '▶ twilio     http://127.0.0.1:4010/  SMS/WhatsApp inbox',
      '  functions  http://127.0.0.1:5001/  functions',
    ]);
  });
});
