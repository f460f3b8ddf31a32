import { normalizeSearchText, SEARCH_STOPWORDS, tokenize } from '../vn/index.ts';
import {
  SEARCH_BASE_LEADS,
  SEARCH_INTENT_WORDS,
  SEARCH_LEADING_FILLERS,
  SEARCH_MODIFIERS,
  SEARCH_SYNONYMS,
  SEARCH_TRAILING_FILLERS,
} from './search-synonyms.ts';

/** Something a procedure should hold: any one of its alternatives (normalised, whole or part of words). */
export interface SearchConcept {
  readonly alternatives: readonly string[];
  /** Required concepts must all occur in a procedure's search text; the others only rank. */
  readonly required: boolean;
}

/** A family of name wordings that ranks lower, because the query does not ask for it. */
export interface SearchPenalty {
  readonly phrases: readonly string[];
  readonly weight: number;
}

/** A citizen's query read against the catalogue's wording ({@link parseCatalogQuery}). */
export interface CatalogQuery {
  /** The whole query as typed, normalised (fillers kept): a name equal to it ranks first. */
  readonly typed: string;
  /** Whole phrases whose presence in a name ranks it highest: the query in catalogue wording, and as typed. */
  readonly phrases: readonly string[];
  readonly concepts: readonly SearchConcept[];
  readonly penalties: readonly SearchPenalty[];
  /** Name starts that rank a little higher because the query asks for something to be issued. */
  readonly leads: readonly string[];
}

/** At most this many concepts are searched for (the rest of a long query is ignored). */
export const MAX_SEARCH_CONCEPTS = 12;
const MAX_TOKENS = 24;

const words = (s: string): string[] => tokenize(s);
const normalizeAll = (list: readonly string[]): string[] => list.map(normalizeSearchText).filter(Boolean);

interface Rule {
  readonly from: string[];
  readonly to: string[][];
  readonly prefer: string[][];
}

const alternativesOf = (c: string | readonly string[]): string[] =>
  normalizeAll(typeof c === 'string' ? [c] : c);

/** Rules by their first word, longest first, so that the longest phrasing at a position wins. */
const RULES: ReadonlyMap<string, readonly Rule[]> = (() => {
  const byFirst = new Map<string, Rule[]>();
  for (const s of SEARCH_SYNONYMS) {
    const to = s.to?.map(alternativesOf);
    const prefer = (s.prefer ?? []).map(alternativesOf);
    for (const phrase of s.from) {
      const from = words(phrase);
      if (from.length === 0) continue;
      const list = byFirst.get(from[0]!) ?? [];
      list.push({ from, to: to ?? [[from.join(' ')]], prefer });
      byFirst.set(from[0]!, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.from.length - a.from.length);
  return byFirst;
})();

const LEADING = SEARCH_LEADING_FILLERS.map(words).sort((a, b) => b.length - a.length);
const TRAILING = SEARCH_TRAILING_FILLERS.map(words).sort((a, b) => b.length - a.length);
const INTENT = normalizeAll(SEARCH_INTENT_WORDS);
const LEADS = normalizeAll(SEARCH_BASE_LEADS);
const MODIFIERS = SEARCH_MODIFIERS.map((m) => ({
  inName: normalizeAll(m.inName),
  askedBy: normalizeAll([...m.inName, ...m.askedBy]),
  weight: m.weight,
}));

const startsWith = (tokens: readonly string[], at: number, phrase: readonly string[]): boolean =>
  phrase.every((w, k) => tokens[at + k] === w);

/** Whether `phrase` occurs in `text` as whole words (both normalised). */
const holds = (text: string, phrase: string): boolean => ` ${text} `.includes(` ${phrase} `);

/** The tokens without filler words at the start and end; unchanged when nothing else would be left. */
function stripFillers(tokens: string[]): string[] {
  let start = 0;
  let end = tokens.length;
  for (let changed = true; changed; ) {
    changed = false;
    // A filler that begins a longer everyday phrasing ("làm lại", "làm khai sinh") is that phrasing's.
    const phrasing = RULES.get(tokens[start] ?? '')?.find((r) => startsWith(tokens, start, r.from));
    for (const f of LEADING) {
      if (phrasing && phrasing.from.length > f.length) break;
      if (end - start > f.length && startsWith(tokens, start, f)) {
        start += f.length;
        changed = true;
        break;
      }
    }
    for (const f of TRAILING) {
      if (end - start > f.length && startsWith(tokens, end - f.length, f)) {
        end -= f.length;
        changed = true;
        break;
      }
    }
  }
  return tokens.slice(start, end);
}

/**
 * Reads a citizen's query in the catalogue's words: fillers ("làm", "xin", "ở đâu") dropped, everyday
 * phrasings and abbreviations rewritten ("cccd" → thẻ căn cước, "sổ đỏ" → giấy chứng nhận quyền sử dụng đất,
 * "kí" → ký; {@link SEARCH_SYNONYMS}), stop words optional, and the special cases and follow-ups the query
 * does not ask for ({@link SEARCH_MODIFIERS}) listed as penalties. Pure; an empty query gives no concepts.
 */
export function parseCatalogQuery(q: string): CatalogQuery {
  const typed = normalizeSearchText(q);
  const all = words(q).slice(0, MAX_TOKENS);
  const tokens = stripFillers(all);
  const concepts: SearchConcept[] = [];
  const seen = new Set<string>();
  const add = (alternatives: string[], required: boolean) => {
    const key = alternatives.join('|');
    if (alternatives.length === 0 || seen.has(key)) return;
    seen.add(key);
    concepts.push({ alternatives, required });
  };
  for (let i = 0; i < tokens.length; ) {
    const rule = RULES.get(tokens[i]!)?.find((r) => startsWith(tokens, i, r.from));
    if (rule) {
      for (const c of rule.to) add(c, true);
      for (const p of rule.prefer) add(p, false);
      i += rule.from.length;
    } else {
      const t = tokens[i]!;
      add([t], !SEARCH_STOPWORDS.has(t));
      i++;
    }
  }
  const kept = concepts.slice(0, MAX_SEARCH_CONCEPTS);
  // A query of stop words or steering words only ("cho con") searches for what it says.
  const final = kept.some((c) => c.required) ? kept : kept.map((c) => ({ ...c, required: true }));
  const rewritten = final
    .filter((c) => c.required)
    .map((c) => c.alternatives[0])
    .join(' ');
  const required = final.filter((c) => c.required);
  // One concept with alternatives ("bảo hiểm y tế" or "BHYT"): each is the whole query in other words.
  const alternatives = required.length === 1 ? required[0]!.alternatives : [];
  const phrases = [...new Set([rewritten, tokens.join(' '), ...alternatives].filter(Boolean))];
  const asked = [tokens.join(' '), ...final.flatMap((c) => c.alternatives)].join(' | ');
  const penalties = MODIFIERS.filter((m) => !m.askedBy.some((a) => holds(asked, a))).map((m) => ({
    phrases: m.inName,
    weight: m.weight,
  }));
  const intent = INTENT.some((w) => holds(typed, w));
  return { typed, phrases, concepts: final, penalties, leads: intent ? LEADS : [] };
}

/**
 * What a procedure's rank loses for the special cases and follow-ups its name holds that the query does not
 * ask for ({@link CatalogQuery.penalties}): each family's weight once. `searchName` is the normalised name.
 */
export function rankPenalty(searchName: string, penalties: readonly SearchPenalty[]): number {
  let total = 0;
  for (const p of penalties) if (p.phrases.some((ph) => holds(searchName, ph))) total += p.weight;
  return total;
}
