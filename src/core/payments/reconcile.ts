/**
 * The daily reconciliation of online payments (issue 18): the platform's statement of a day (its successful
 * transactions) against Motcua's online payments paid that day. Pure: both sides in, the differences out.
 */

/** One line of the platform's statement: a transaction it counts as paid that day. */
export interface StatementLine {
  readonly providerRef: string;
  /** Motcua's payment id, as sent when the payment was created. */
  readonly paymentId: string;
  readonly amountVnd: number;
}

/** One of Motcua's online payments: paid that day, or named by a statement line. */
export interface LocalPayment {
  readonly id: string;
  readonly providerRef: string | null;
  readonly amountVnd: number;
  readonly state: 'pending' | 'paid' | 'failed' | 'expired';
}

export type DifferenceKind = 'missing_here' | 'not_paid_here' | 'missing_at_provider' | 'amount_differs';

/** A disagreement between the two sides, for an operator. */
export interface Difference {
  readonly kind: DifferenceKind;
  readonly paymentId: string | null;
  readonly providerRef: string | null;
  readonly localAmountVnd: number | null;
  readonly providerAmountVnd: number | null;
  readonly localState: LocalPayment['state'] | null;
}

export interface ReconcileOutcome {
  readonly matched: number;
  readonly differences: Difference[];
}

/**
 * Compares the sides: a statement line matches Motcua's payment with the same id that is paid with the same
 * amount; a line naming no payment here is `missing_here`, one whose payment is not paid here
 * `not_paid_here`, one with another amount `amount_differs`; a payment paid here (in `local`) that no line
 * names is `missing_at_provider`.
 */
export function reconcileStatement(
  statement: readonly StatementLine[],
  local: readonly LocalPayment[],
  paidHereThatDay: ReadonlySet<string>,
): ReconcileOutcome {
  const byId = new Map(local.map((p) => [p.id, p]));
  const named = new Set<string>();
  const differences: Difference[] = [];
  let matched = 0;
  for (const line of statement) {
    const p = byId.get(line.paymentId);
    named.add(line.paymentId);
    const base = {
      paymentId: p ? p.id : null,
      providerRef: line.providerRef,
      localAmountVnd: p?.amountVnd ?? null,
      providerAmountVnd: line.amountVnd,
      localState: p?.state ?? null,
    };
    if (!p) differences.push({ kind: 'missing_here', ...base });
    else if (p.state !== 'paid') differences.push({ kind: 'not_paid_here', ...base });
    else if (p.amountVnd !== line.amountVnd) differences.push({ kind: 'amount_differs', ...base });
    else matched++;
  }
  for (const id of paidHereThatDay) {
    if (named.has(id)) continue;
    const p = byId.get(id);
    differences.push({
      kind: 'missing_at_provider',
      paymentId: id,
      providerRef: p?.providerRef ?? null,
      localAmountVnd: p?.amountVnd ?? null,
      providerAmountVnd: null,
      localState: p?.state ?? null,
    });
  }
  return { matched, differences };
}
