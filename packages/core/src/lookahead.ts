/**
 * A Chevrotain lookahead strategy that chooses the same alternatives as Chevrotain's own LL(k) one, faster
 * where k > 1. Chevrotain's functions try every lookahead path of every alternative in order, token by
 * token: an alternation whose alternatives share a first token (`a.b` vs `f(...)`, a field vs a process
 * relationship) scans dozens of paths for every expression, and all of them when none matches (each
 * syntax error). Here the paths are grouped by their first token type once: a decision looks at the
 * paths that can start with the next token only, in the original order, so the first alternative with
 * a matching path is the same one. Alternations with predicates (GATE), empty paths or dynamic token
 * types keep Chevrotain's functions.
 *
 * Core does not depend on chevrotain: each parser passes its `LLkLookaheadStrategy` and `getLookaheadPaths`.
 * test/parser-definitions.test.ts checks the decisions against Chevrotain's own (EQL, KQL).
 */
export interface LookaheadApi {
  LLkLookaheadStrategy: new (options?: { maxLookahead?: number }) => object;
  getLookaheadPaths(options: { occurrence: number; rule: any; prodType: any; maxLookahead: number }): any;
}

interface TokenTypeLike {
  tokenTypeIdx?: number;
  categoryMatches?: number[];
  categoryMatchesMap?: Record<number, boolean>;
  isParent?: boolean;
}

type Path = TokenTypeLike[];
interface Candidate {
  alt: number;
  rest: Path;
}

/** Candidates by the token type index of the first token, in alternative then path order; undefined when not applicable. */
function bucketsOf(alts: Path[][]): Candidate[][] | undefined {
  const buckets: Candidate[][] = [];
  for (let alt = 0; alt < alts.length; alt++) {
    for (const path of alts[alt]) {
      if (path.length === 0) return undefined;
      const first = path[0];
      if (first.tokenTypeIdx === undefined) return undefined;
      const candidate = { alt, rest: path.slice(1) };
      const seen = new Set<number>();
      for (const idx of [first.tokenTypeIdx, ...(first.categoryMatches ?? [])]) {
        if (seen.has(idx)) continue;
        seen.add(idx);
        (buckets[idx] ??= []).push(candidate);
      }
    }
  }
  return buckets;
}

interface ParserLike {
  LA_FAST(i: number): { tokenTypeIdx: number };
}

function matchesRest(parser: ParserLike, rest: Path): boolean {
  for (let i = 0; i < rest.length; i++) {
    const token = parser.LA_FAST(i + 2);
    const type = rest[i];
    if (token.tokenTypeIdx !== type.tokenTypeIdx && !(type.isParent === true && type.categoryMatchesMap![token.tokenTypeIdx] === true)) return false;
  }
  return true;
}

const singleToken = (buckets: Candidate[][]) => buckets.every((list) => list.every((c) => c.rest.length === 0));

/**
 * The strategy class, for a parser's `lookaheadStrategy` option (`new (fastLookahead(api))({ maxLookahead })`)
 * or for `lazyLookahead(fastLookahead(api), maxLookahead)`, which also builds each function on first use.
 */
export function fastLookahead(api: LookaheadApi): new (options: { maxLookahead: number }) => {
  validate(options: any): any[];
  buildLookaheadForAlternation(options: any): (...args: any[]) => any;
  buildLookaheadForOptional(options: any): (...args: any[]) => any;
} {
  const Base = api.LLkLookaheadStrategy as new (options?: { maxLookahead?: number }) => {
    validate(options: any): any[];
    buildLookaheadForAlternation(options: any): (...args: unknown[]) => number | undefined;
    buildLookaheadForOptional(options: any): (...args: unknown[]) => boolean;
  };
  class FastLookahead extends Base {
    override buildLookaheadForAlternation(options: any): (...args: unknown[]) => number | undefined {
      if (options.hasPredicates || options.dynamicTokensEnabled) return super.buildLookaheadForAlternation(options);
      const alts: Path[][] = api.getLookaheadPaths({ occurrence: options.prodOccurrence, rule: options.rule, prodType: 'Alternation', maxLookahead: options.maxLookahead });
      const buckets = bucketsOf(alts);
      if (!buckets) return super.buildLookaheadForAlternation(options);
      if (singleToken(buckets)) {
        // One token decides: a table from token type to the first alternative it starts.
        const choice = buckets.map((list) => list[0].alt);
        return function (this: ParserLike): number | undefined {
          return choice[this.LA_FAST(1).tokenTypeIdx];
        };
      }
      return function (this: ParserLike): number | undefined {
        const candidates = buckets[this.LA_FAST(1).tokenTypeIdx];
        if (candidates === undefined) return undefined;
        for (const c of candidates) if (matchesRest(this, c.rest)) return c.alt;
        return undefined;
      };
    }

    override buildLookaheadForOptional(options: any): (...args: unknown[]) => boolean {
      if (options.dynamicTokensEnabled) return super.buildLookaheadForOptional(options);
      const paths: Path[][] = api.getLookaheadPaths({ occurrence: options.prodOccurrence, rule: options.rule, prodType: options.prodType, maxLookahead: options.maxLookahead });
      const buckets = bucketsOf([paths[0]]);
      if (!buckets) return super.buildLookaheadForOptional(options);
      if (singleToken(buckets)) {
        const accept = buckets.map(() => true);
        return function (this: ParserLike): boolean {
          return accept[this.LA_FAST(1).tokenTypeIdx] === true;
        };
      }
      return function (this: ParserLike): boolean {
        const candidates = buckets[this.LA_FAST(1).tokenTypeIdx];
        if (candidates === undefined) return false;
        for (const c of candidates) if (matchesRest(this, c.rest)) return true;
        return false;
      };
    }
  }
  return FastLookahead;
}
