import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../src/store/collections.ts';

// The security rules at the repository root (firestore.rules), read as text: every collection
// docs/data-model.md describes has its own block, nothing else does, omega-notify's collections
// refuse every client read and write, and nothing matches a collection by wildcard (so anything
// unnamed is refused: Firestore denies what no rule allows). What the rules *decide* needs an
// emulator that evaluates them: test/rules/firestore-rules.emulator.test.ts, which runs when
// FIRESTORE_EMULATOR_HOST names one (vitest.config.ts says when it is included).

const repo = new URL('../../../', import.meta.url).pathname;
const rulesText = readFileSync(join(repo, 'firestore.rules'), 'utf8');
const dataModel = readFileSync(join(repo, 'docs/data-model.md'), 'utf8');

/** The collections the shop's own apps read and write (their rules are the shop's to merge). */
const SHOP_COLLECTIONS = ['clients', 'tickets', 'customer_profiles'];
/**
 * Collections of the shop's that omega-notify never touches, whose rules were pasted into the
 * file's marked section: listed here, they are neither required in docs/data-model.md nor held
 * to omega-notify's deny-all.
 */
const SHOP_OTHER_COLLECTIONS: string[] = [];

interface Allow {
  methods: string[];
  condition: string;
}

interface MatchBlock {
  /** The match path below `/databases/{database}/documents`, e.g. `/conversations/{e164}/acks/{bucket}`. */
  path: string;
  /** The collection path: the collection segments only, e.g. `conversations/acks`. */
  collection: string;
  /** The `allow` statements directly inside the block (not in nested matches). */
  allows: Allow[];
}

/** Removes `//` and `/* … *\/` comments, keeping string literals intact. */
function stripComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
    } else out += c;
  }
  return out;
}

/** Every `match` block of a rules file, with its full path and its own `allow` statements. */
function parseRules(text: string): MatchBlock[] {
  const source = stripComments(text);
  const blocks: MatchBlock[] = [];
  // One frame per open brace: a match block (its path and where its body starts) or another
  // brace (the service, a function body).
  const stack: Array<{ path: string | null; body: string[] }> = [];
  const token = /match\s+(\S+)\s*\{|\{|\}|'[^']*'|"[^"]*"|[^{}'"m]+|m/g;
  for (const m of source.matchAll(token)) {
    const [text, matchPath] = m;
    if (matchPath !== undefined) {
      stack.push({ path: matchPath, body: [] });
    } else if (text === '{') {
      stack.push({ path: null, body: [] });
    } else if (text === '}') {
      const frame = stack.pop();
      if (!frame) throw new Error('firestore.rules: unbalanced braces');
      if (frame.path === null) {
        stack.at(-1)?.body.push(`{${frame.body.join('')}}`);
        continue;
      }
      const full = [...stack.map((f) => f.path).filter((p) => p !== null), frame.path].join('');
      const below = full.replace(/^\/databases\/\{database\}\/documents/, '');
      const segments = below.split('/').filter(Boolean);
      const allows = [
        ...frame.body.join('').matchAll(/allow\s+([a-z,\s]+?)\s*(?::\s*if\s+([^;]+))?;/g),
      ].map(([, methods = '', condition]) => ({
        methods: methods.split(',').map((s) => s.trim()),
        condition: (condition ?? 'true').replace(/\s+/g, ' ').trim(),
      }));
      if (below !== '')
        blocks.push({
          path: below,
          collection: segments.filter((_, i) => i % 2 === 0).join('/'),
          allows,
        });
    } else {
      stack.at(-1)?.body.push(text);
    }
  }
  if (stack.length > 0) throw new Error('firestore.rules: unbalanced braces');
  return blocks;
}

/**
 * The collection paths docs/data-model.md describes: the backticked document paths of its
 * `##` headings and of every backticked path with a `{…}` id segment
 * (`notification_history/{id}/status_events/{MessageSid}_{status}` → `notification_history/status_events`).
 */
function documentedCollections(markdown: string): Set<string> {
  const found = new Set<string>();
  const path = /`([a-z][a-z_]*\/[^`\s]+)`/g;
  for (const line of markdown.split('\n')) {
    for (const [, p = ''] of line.matchAll(path)) {
      if (p.includes('.') || p.endsWith('/')) continue; // a file or folder, not a document
      const segments = p.split('/');
      if (segments.length % 2 !== 0) continue; // a collection reference, not a document path
      if (!line.startsWith('## ') && !segments.some((s) => s.includes('{'))) continue;
      const collections = segments.filter((_, i) => i % 2 === 0);
      if (!collections.every((c) => /^[a-z][a-z_]*$/.test(c))) continue;
      found.add(collections.join('/'));
    }
  }
  return found;
}

const blocks = parseRules(rulesText);
const ruled = new Set(blocks.map((b) => b.collection));

describe('firestore.rules', () => {
  it('has one block per collection of docs/data-model.md, and none for anything else', () => {
    const documented = documentedCollections(dataModel);
    // The document's own list, so the extraction above cannot quietly find nothing.
    expect(documented).toContain('notification_history/status_events');
    expect(documented).toContain('conversations/acks');
    expect(documented.size).toBeGreaterThanOrEqual(20);
    expect([...ruled].sort()).toEqual([...documented, ...SHOP_OTHER_COLLECTIONS].sort());
    expect(blocks.map((b) => b.collection).length).toBe(ruled.size); // no collection twice
  });

  it('has a block for every collection name of src/store/collections.ts', () => {
    const names = new Set([...ruled].flatMap((c) => c.split('/')));
    expect(Object.values(COLLECTIONS).filter((name) => !names.has(name))).toEqual([]);
    // status_events lives under notification_history, nowhere else.
    expect(ruled).toContain(`${COLLECTIONS.history}/${COLLECTIONS.statusEvents}`);
  });

  it("refuses every client read and write of omega-notify's collections", () => {
    const shop = [...SHOP_COLLECTIONS, ...SHOP_OTHER_COLLECTIONS];
    const ours = blocks.filter(
      (b) => !shop.some((c) => b.collection === c || b.collection.startsWith(`${c}/`)),
    );
    expect(ours.length).toBeGreaterThanOrEqual(17);
    for (const block of ours)
      expect({ path: block.path, allows: block.allows }).toEqual({
        path: block.path,
        allows: [{ methods: ['read', 'write'], condition: 'false' }],
      });
  });

  it('denies by default: no wildcard collection, no recursive match, no unconditional allow', () => {
    for (const block of blocks) {
      const collectionSegments = block.path
        .split('/')
        .filter(Boolean)
        .filter((_, i) => i % 2 === 0);
      expect(
        collectionSegments.filter((s) => s.includes('{')),
        block.path,
      ).toEqual([]);
      expect(block.path, block.path).not.toContain('=**');
      for (const allow of block.allows) expect(allow.condition, block.path).not.toBe('true');
    }
    expect(rulesText).toMatch(/^rules_version = '2';/);
  });

  it("gives the shop's collections rules that leave the functions' fields to the functions", () => {
    for (const name of SHOP_COLLECTIONS) {
      const block = blocks.find((b) => b.collection === name);
      expect(block, name).toBeDefined();
      const writes = block?.allows.filter((a) => !a.methods.includes('read')) ?? [];
      expect(writes.length, name).toBeGreaterThan(0);
      for (const write of writes)
        if (write.condition !== 'false')
          expect(write.condition, name).toMatch(/createsNone|changesNone/);
    }
  });

  it('parses nested blocks and their own allow statements (the parser above)', () => {
    const parsed = parseRules(`rules_version = '2';
      service cloud.firestore { match /databases/{database}/documents {
        function f() { return true; }
        match /a/{x} { allow read: if f(); // a } in a comment
          match /b/{y} { allow read, write: if false; } }
        match /c/{z} { allow get; } } }`);
    expect(parsed).toEqual([
      {
        path: '/a/{x}/b/{y}',
        collection: 'a/b',
        allows: [{ methods: ['read', 'write'], condition: 'false' }],
      },
      { path: '/a/{x}', collection: 'a', allows: [{ methods: ['read'], condition: 'f()' }] },
      { path: '/c/{z}', collection: 'c', allows: [{ methods: ['get'], condition: 'true' }] },
    ]);
  });
});
