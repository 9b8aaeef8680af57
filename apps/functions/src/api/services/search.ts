import { type CountryCode, parsePhone } from '@omega/core';
import type { Firestore, Query } from 'firebase-admin/firestore';
import { str } from '../../http/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type { CustomerSummary } from '../types.ts';

const PER_QUERY = 20;

/** Capitalises each word: "jean-marc dupont" → "Jean-Marc Dupont". */
export function capitalizeWords(text: string): string {
  return text
    .toLocaleLowerCase('fr')
    .replace(
      /(^|[\s'’-])(\p{L})/gu,
      (_, sep: string, l: string) => sep + l.toLocaleUpperCase('fr'),
    );
}

/** The spellings a name prefix is looked up under (Firestore string ranges are case-sensitive). */
export function nameVariants(q: string): string[] {
  const t = q.trim().replace(/\s+/g, ' ');
  return [
    ...new Set([t, capitalizeWords(t), t.toLocaleUpperCase('fr'), t.toLocaleLowerCase('fr')]),
  ];
}

/**
 * The ways people store a phone number ("06 12 34 56 78", "0612345678", "+33612345678"…): the
 * shop's app keeps what was typed, so an exact lookup tries each form (Firestore `in`, ≤ 30).
 */
export function phoneVariants(q: string, defaultCountry: CountryCode): string[] {
  const out = new Set<string>([q.trim()]);
  const parsed = parsePhone(q, { defaultCountry });
  if (parsed.ok) {
    const e164 = parsed.value.e164;
    out.add(e164);
    if (e164.startsWith('+33') && e164.length === 12) {
      const national = `0${e164.slice(3)}`;
      const pairs = national.match(/.{2}/g) ?? [];
      out.add(national);
      out.add(pairs.join(' '));
      out.add(pairs.join('.'));
      out.add(pairs.join('-'));
      out.add(`+33 ${e164.slice(3, 4)} ${e164.slice(4).match(/.{2}/g)?.join(' ')}`);
      out.add(`0033${e164.slice(3)}`);
    }
  }
  return [...out].slice(0, 30);
}

function prefix(query: Query, field: string, value: string): Query {
  return query.where(field, '>=', value).where(field, '<', `${value}\uf8ff`).limit(PER_QUERY);
}

function looksLikePhone(q: string): boolean {
  return (q.match(/\d/g)?.length ?? 0) >= 6 && /^[\d\s+().-]+$/.test(q.trim());
}

/**
 * Finds customers by the start of their name, their email or their phone number, with a
 * handful of indexed queries (each ≤ 20 documents): never a collection scan. Registered
 * customers come back once, as their profile, even when their counter record matched.
 */
export async function searchCustomers(
  db: Firestore,
  q: string,
  options: { defaultCountry: CountryCode },
): Promise<CustomerSummary[]> {
  const clients = db.collection(COLLECTIONS.clients);
  const profiles = db.collection(COLLECTIONS.profiles);
  const clientQueries: Query[] = [];
  const profileQueries: Query[] = [];
  const text = q.trim();
  if (looksLikePhone(text)) {
    const variants = phoneVariants(text, options.defaultCountry);
    clientQueries.push(clients.where('phone', 'in', variants).limit(PER_QUERY));
    profileQueries.push(profiles.where('phoneNumber', 'in', variants).limit(PER_QUERY));
  } else if (text.includes('@')) {
    const lower = text.toLowerCase();
    clientQueries.push(prefix(clients, 'email', lower));
    profileQueries.push(prefix(profiles, 'email', lower));
  } else {
    for (const v of nameVariants(text)) {
      clientQueries.push(prefix(clients, 'name', v));
      profileQueries.push(prefix(profiles, 'lastName', v), prefix(profiles, 'firstName', v));
    }
  }
  const [clientSnaps, profileSnaps] = await Promise.all([
    Promise.all(clientQueries.map((query) => query.get())),
    Promise.all(profileQueries.map((query) => query.get())),
  ]);
  const byKey = new Map<string, CustomerSummary>();
  const registeredClients = new Set<string>();
  for (const snap of profileSnaps) {
    for (const doc of snap.docs) {
      const d = doc.data();
      const clientId = str(d.clientId);
      if (clientId) registeredClients.add(clientId);
      byKey.set(`profile:${doc.id}`, {
        kind: 'profile',
        id: doc.id,
        clientId,
        customerId: doc.id,
        name: [str(d.firstName), str(d.lastName)].filter(Boolean).join(' ') || '(sans nom)',
        phone: str(d.phoneNumber),
        email: str(d.email),
        registered: true,
      });
    }
  }
  const linkedProfiles: string[] = [];
  for (const snap of clientSnaps) {
    for (const doc of snap.docs) {
      const d = doc.data();
      const customerId = str(d.customerId);
      if (customerId) {
        if (!byKey.has(`profile:${customerId}`)) linkedProfiles.push(customerId);
        continue;
      }
      if (registeredClients.has(doc.id)) continue;
      byKey.set(`client:${doc.id}`, {
        kind: 'client',
        id: doc.id,
        clientId: doc.id,
        customerId: null,
        name: str(d.name) || '(sans nom)',
        phone: str(d.phone),
        email: str(d.email),
        registered: false,
      });
    }
  }
  if (linkedProfiles.length > 0) {
    const snaps = await db.getAll(...[...new Set(linkedProfiles)].map((id) => profiles.doc(id)));
    for (const doc of snaps) {
      if (!doc.exists) continue;
      const d = doc.data() ?? {};
      byKey.set(`profile:${doc.id}`, {
        kind: 'profile',
        id: doc.id,
        clientId: str(d.clientId),
        customerId: doc.id,
        name: [str(d.firstName), str(d.lastName)].filter(Boolean).join(' ') || '(sans nom)',
        phone: str(d.phoneNumber),
        email: str(d.email),
        registered: true,
      });
    }
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr')).slice(0, 50);
}
