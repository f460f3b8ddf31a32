import {
  type AssessedFeeLine,
  DEFAULT_FEE_POLICY,
  type FeeAdjustment,
  type FeeAssessment,
  FeeFacts,
  type FeeFactsInput,
  type FeeLineEdit,
  type FeePolicy,
  type FeeReduction,
} from './fee-line.ts';

/** Whether a reduction's conditions (category, channel, period) hold for these facts. */
export function reductionApplies(r: FeeReduction, facts: FeeFacts): boolean {
  if (r.category && !facts.categories.includes(r.category)) return false;
  if (r.channel && r.channel !== facts.channel) return false;
  if (r.from && facts.on < r.from) return false;
  if (r.until && facts.on > r.until) return false;
  return true;
}

function percentOf(base: number, percent: number, rounding: FeePolicy['rounding']): number {
  // The amount kept after the reduction, rounded per policy; integer arithmetic (amounts ≤ 10^12 × 10^4).
  const kept = BigInt(base) * BigInt(100 - percent);
  const whole = kept / 100n;
  const rest = kept % 100n;
  const due = rounding === 'half_up' && rest >= 50n ? whole + 1n : whole;
  return base - Number(due);
}

/** Đồng a reduction takes off a line of `quantity` units at `unit` đồng each. */
function reductionOff(r: FeeReduction, unit: number, quantity: number, policy: FeePolicy): number {
  const base = unit * quantity;
  if (r.amountVnd !== undefined) return Math.max(0, base - Math.min(unit, r.amountVnd) * quantity);
  return percentOf(base, r.percent ?? 0, policy.rounding);
}

function adjustment(kind: FeeAdjustment['kind'], r: FeeReduction, amountVnd: number): FeeAdjustment {
  return { kind, legalBasis: r.legalBasis, who: r.who ?? null, category: r.category ?? null, amountVnd };
}

/** The quantity of line `index`: 1 for a per-record line, else the given quantity (default 1). */
export function quantityOf(line: FeeLineEdit, index: number, facts: FeeFacts): number {
  if ((line.unit ?? 'per_record') === 'per_record') return 1;
  return facts.quantities[String(index)] ?? 1;
}

/** One line's amount: its base, then an exemption (everything) or the reductions that apply. */
function assessLine(line: FeeLineEdit, index: number, facts: FeeFacts, policy: FeePolicy): AssessedFeeLine {
  const quantity = quantityOf(line, index, facts);
  const baseVnd = line.amountVnd * quantity;
  const adjustments: FeeAdjustment[] = [];
  const exemption = line.exemptions.find((e) => e.category && facts.categories.includes(e.category));
  if (exemption && baseVnd > 0) {
    adjustments.push({
      kind: 'exemption',
      legalBasis: exemption.legalBasis,
      who: exemption.who,
      category: exemption.category ?? null,
      amountVnd: baseVnd,
    });
  } else if (!exemption) {
    const applying = (line.reductions ?? []).filter((r) => reductionApplies(r, facts));
    if (policy.stacking === 'sum') {
      const percents = applying.filter((r) => r.percent !== undefined);
      const amounts = applying.filter((r) => r.amountVnd !== undefined);
      // Fixed reduced amounts first (the lowest), then the percentages together on what is left.
      let unit = line.amountVnd;
      for (const r of amounts) {
        const off = reductionOff(r, unit, quantity, policy);
        if (off > 0) {
          adjustments.push(adjustment('reduction', r, off));
          unit = Math.min(unit, r.amountVnd ?? unit);
        }
      }
      const claimed = percents.reduce((s, r) => s + (r.percent ?? 0), 0);
      const percent = Math.min(100, claimed);
      if (percent > 0) {
        const left = unit * quantity;
        const off = percentOf(left, percent, policy.rounding);
        // Each percentage's share of the combined reduction (in proportion to what it claims, so the shares
        // never exceed the reduction when the claims pass 100%), the rounding remainder on the last one.
        let given = 0;
        percents.forEach((r, i) => {
          const share =
            i === percents.length - 1 ? off - given : Math.floor((off * (r.percent ?? 0)) / claimed);
          given += share;
          if (share > 0) adjustments.push(adjustment('reduction', r, share));
        });
      }
    } else {
      let best: { r: FeeReduction; off: number } | null = null;
      for (const r of applying) {
        const off = reductionOff(r, line.amountVnd, quantity, policy);
        if (off > 0 && (!best || off > best.off)) best = { r, off };
      }
      if (best) adjustments.push(adjustment('reduction', best.r, best.off));
    }
  }
  const off = adjustments.reduce((s, a) => s + a.amountVnd, 0);
  return {
    index,
    name: line.name,
    unit: line.unit ?? 'per_record',
    payer: line.payer,
    legalBasis: line.legalBasis ?? null,
    quantity,
    unitAmountVnd: line.amountVnd,
    baseVnd,
    adjustments,
    amountVnd: Math.max(0, baseVnd - off),
  };
}

/**
 * The amount due for a record: each fee line of its channel (a line with no channel applies to every
 * channel) times its quantity, less an exemption whose category the applicant has (the whole line) or the
 * reductions that apply (the most favourable one by default, see {@link FeePolicy}). Integer đồng.
 * Lines of another channel are left out; the line `index` stays the procedure's.
 * @throws ZodError when the facts are malformed (the caller validates input first).
 */
export function computeFees(
  lines: readonly FeeLineEdit[],
  factsInput: FeeFactsInput,
  source: FeeAssessment['source'],
  policy: FeePolicy = DEFAULT_FEE_POLICY,
): FeeAssessment {
  const facts = FeeFacts.parse(factsInput);
  const assessed = lines.flatMap((line, index) =>
    line.channel && line.channel !== facts.channel ? [] : [assessLine(line, index, facts, policy)],
  );
  return {
    totalVnd: assessed.reduce((s, l) => s + l.amountVnd, 0),
    lines: assessed,
    channel: facts.channel,
    on: facts.on,
    categories: [...facts.categories],
    source,
  };
}

/** The payment items (description, amount) of an assessment's lines with something due. */
export function paymentItemsOf(a: FeeAssessment): { description: string; amountVnd: number }[] {
  return a.lines
    .filter((l) => l.amountVnd > 0)
    .map((l) => ({
      description: (l.quantity > 1 ? `${l.name} (× ${l.quantity})` : l.name).slice(0, 500),
      amountVnd: l.amountVnd,
    }));
}

/** Đồng written the Vietnamese way, "." between thousands: 1250000 → "1.250.000 đồng". */
export function formatVnd(amount: number): string {
  return `${String(Math.trunc(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

const UNIT_VI: Readonly<Record<AssessedFeeLine['unit'], string>> = {
  per_record: 'hồ sơ',
  per_copy: 'bản',
  per_page: 'trang',
  per_certificate: 'giấy',
  per_declaration: 'tờ khai',
  per_person: 'người',
};

/**
 * The lines of an assessment as a slip prints them: name, quantity with its unit, amount due, and the
 * exemption or reduction applied with its legal basis.
 */
export function feeSlipRows(a: FeeAssessment): string[][] {
  return a.lines.map((l) => [
    l.legalBasis ? `${l.name} (${l.legalBasis})` : l.name,
    `${l.quantity} ${UNIT_VI[l.unit]} × ${formatVnd(l.unitAmountVnd)}`,
    formatVnd(l.amountVnd),
    l.adjustments
      .map((x) =>
        x.kind === 'exemption'
          ? `Miễn: ${x.who ?? ''} (${x.legalBasis})`
          : `Giảm ${formatVnd(x.amountVnd)} (${x.legalBasis})`,
      )
      .join('; '),
  ]);
}
