/**
 * The chaos suite's oracle for customer actions (issue 16): the quote buttons customers tapped
 * while faults fired, judged from what Firestore holds once the system is quiet. Pure.
 */

/** One tap the run made: the Twilio message SID and what its payload asked. */
export interface ChaosTap {
  sid: string;
  ticketId: string;
  action: 'quote_accept' | 'quote_decline';
  /** The tap named a ticket that is not the tapper's (it must be refused). */
  foreign: boolean;
}

/** A `ticket_actions` document as read back. */
export interface ActionLog {
  id: string;
  ticketId: string;
  action: string;
  outcome: string;
  reason: string | null;
}

/** What the oracle finds wrong (ids and a reason each); every list must be empty. */
export interface ActionVerdict {
  taps: number;
  applied: number;
  refused: number;
  /** A tap whose SID has no log: the action was lost. */
  lost: string[];
  /** A ticket with more than one applied decision, or whose field differs from its applied log. */
  inconsistent: string[];
  /** A tap on another customer's ticket that was applied. */
  foreignApplied: string[];
  /** An applied decision without a sent (or closed) shop email, or an email left in flight. */
  emails: string[];
}

/**
 * Judges the taps: each has exactly one log (`sid_<MessageSid>`); a ticket has at most one
 * applied decision, and its `quoteDecision` is that decision (none without one); a foreign tap
 * is refused `other_customer`; every applied decision has its shop email, ended (sent, skipped
 * or failed), and no email is still `planned` or `sending`.
 */
export function judgeActions(input: {
  taps: readonly ChaosTap[];
  logs: readonly ActionLog[];
  /** `quoteDecision` of each tapped ticket (`null`: none). */
  decisions: ReadonlyMap<string, string | null>;
  /** Status of each `shop_emails` document by id. */
  emails: ReadonlyMap<string, string>;
}): ActionVerdict {
  const logs = new Map(input.logs.map((l) => [l.id, l]));
  const verdict: ActionVerdict = {
    taps: input.taps.length,
    applied: input.logs.filter((l) => l.outcome === 'applied').length,
    refused: input.logs.filter((l) => l.outcome === 'refused').length,
    lost: [],
    inconsistent: [],
    foreignApplied: [],
    emails: [],
  };
  for (const tap of input.taps) {
    const log = logs.get(`sid_${tap.sid}`);
    if (!log) {
      verdict.lost.push(`${tap.sid}: ${tap.action} on ${tap.ticketId}, no ticket_actions log`);
      continue;
    }
    if (tap.foreign && log.outcome === 'applied')
      verdict.foreignApplied.push(
        `${tap.sid}: ${tap.action} on another customer's ${tap.ticketId}`,
      );
  }
  const tickets = new Set(input.taps.map((t) => t.ticketId));
  for (const ticketId of tickets) {
    const applied = input.logs.filter(
      (l) =>
        l.ticketId === ticketId &&
        l.outcome === 'applied' &&
        (l.action === 'quote_accept' || l.action === 'quote_decline'),
    );
    const field = input.decisions.get(ticketId) ?? null;
    if (applied.length > 1) {
      verdict.inconsistent.push(`${ticketId}: ${applied.length} applied decisions`);
    } else {
      const expected = applied[0]
        ? applied[0].action === 'quote_accept'
          ? 'accepted'
          : 'declined'
        : null;
      if (field !== expected)
        verdict.inconsistent.push(`${ticketId}: quoteDecision ${field}, its log says ${expected}`);
    }
    for (const log of applied) {
      const status = input.emails.get(log.id);
      if (!status) verdict.emails.push(`${log.id}: applied decision without its shop email`);
    }
  }
  for (const [id, status] of input.emails) {
    if (status === 'planned' || status === 'sending')
      verdict.emails.push(`${id}: shop email still ${status}`);
  }
  return verdict;
}

/** Whether the verdict holds every target. */
export function actionsOk(v: ActionVerdict): boolean {
  return (
    v.lost.length === 0 &&
    v.inconsistent.length === 0 &&
    v.foreignApplied.length === 0 &&
    v.emails.length === 0
  );
}
