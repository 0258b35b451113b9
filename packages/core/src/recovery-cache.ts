/**
 * Caches what Chevrotain's error recovery computes again for every syntax error, although it depends
 * only on the grammar and the rule stack at the error (issue 15: a query with a few hundred syntax
 * errors spent most of its time here):
 *
 * - the re-sync follow set of the whole rule stack (`flattenFollowSet`: an object and a string per stack
 *   level, then a flattened array, at every level the error unwinds through), and which of its token
 *   types the next tokens match first (`findReSyncTokenType`);
 * - the current rule's own follow set (`isInCurrentRuleReSyncSet`);
 * - the tokens that may follow a mismatched token (`getFollowsForInRuleRecovery`: a grammar walk each time).
 *
 * Each answer is the one Chevrotain's own method gives (same arrays, in the same order), looked up in a
 * trie of rule stacks: one node per (rule, occurrence) below its caller. Stacks deeper than
 * `MAX_CACHED_DEPTH` and a trie grown past `MAX_NODES` fall back to Chevrotain's methods (the trie is
 * then dropped and regrown), so the memory held stays bounded whatever the input.
 *
 * Core does not depend on chevrotain: the parser passes its EOF token type. Used with `limitRecovery`.
 */

interface TokenType {
  tokenTypeIdx: number;
  isParent?: boolean;
  categoryMatchesMap?: Record<number, boolean>;
}
interface Token {
  tokenTypeIdx: number;
}

/** Chevrotain's tokenMatcher (tokens_public.ts tokenStructuredMatcher). */
function matches(token: Token, type: TokenType): boolean {
  return token.tokenTypeIdx === type.tokenTypeIdx || (type.isParent === true && type.categoryMatchesMap![token.tokenTypeIdx] === true);
}

interface StackNode {
  /** Children by `ruleShortName * 1024 + occurrence` of the rule invoked below this one. */
  children: Map<number, StackNode> | undefined;
  /** The follow set of this level (Chevrotain's getFollowSetFromFollowKey of the level's key). */
  follow: TokenType[];
  /** flattenFollowSet() for the stack ending here: the follow sets from the bottom up, concatenated. */
  flat: TokenType[];
  /** For each token type index: the first type of `flat` a token of that type matches (null: none). */
  firstMatch: (TokenType | null | undefined)[];
  /** getFollowsForInRuleRecovery(tokType, idx) by `tokenTypeIdx * 4096 + idx`. */
  inRule: Map<number, unknown> | undefined;
}

/** Deeper rule stacks are left to Chevrotain (a deep stack is a deep nesting; its arrays would be long). */
export const MAX_CACHED_DEPTH = 160;
/** Past this many trie nodes the cache starts again (bounded memory across many parses). */
export const MAX_NODES = 20_000;

export interface RecoveryCacheApi {
  EOF: TokenType;
}

export function cacheRecovery(parser: object, api: RecoveryCacheApi): void {
  const p = parser as any;
  const own = {
    flattenFollowSet: p.flattenFollowSet,
    findReSyncTokenType: p.findReSyncTokenType,
    isInCurrentRuleReSyncSet: p.isInCurrentRuleReSyncSet,
    getFollowsForInRuleRecovery: p.getFollowsForInRuleRecovery,
  };
  const EOF_FOLLOW = [api.EOF];
  const newNode = (follow: TokenType[], flat: TokenType[]): StackNode => ({ children: undefined, follow, flat, firstMatch: [], inRule: undefined });
  let roots = new Map<number, StackNode>();
  let nodes = 0;

  /** The trie node of the current rule stack, undefined when not cached. */
  const current = (self: any): StackNode | undefined => {
    const stack: number[] = self.RULE_STACK;
    const occurrences: number[] = self.RULE_OCCURRENCE_STACK;
    const top = self.RULE_STACK_IDX;
    // (The two stacks move together but for a reload after backtracking: then leave it to Chevrotain.)
    if (top < 0 || top >= MAX_CACHED_DEPTH || self.RULE_OCCURRENCE_STACK_IDX !== top) return undefined;
    if (nodes > MAX_NODES) {
      roots = new Map();
      nodes = 0;
    }
    const rootKey = stack[0] * 1024 + occurrences[0];
    let node: StackNode | undefined = roots.get(rootKey);
    if (node === undefined) {
      roots.set(rootKey, (node = newNode(EOF_FOLLOW, EOF_FOLLOW)));
      nodes++;
    }
    for (let idx = 1; idx <= top; idx++) {
      const key = stack[idx] * 1024 + occurrences[idx];
      let next: StackNode | undefined = node.children?.get(key);
      if (next === undefined) {
        const follow = self.getFollowSetFromFollowKey({
          ruleName: self.shortRuleNameToFullName(stack[idx]),
          idxInCallingRule: occurrences[idx],
          inRule: self.shortRuleNameToFullName(stack[idx - 1]),
        });
        // lodash's flatten (Chevrotain's) keeps a non-array member as one element: so does concat.
        next = newNode(follow, node.flat.concat(follow));
        (node.children ??= new Map()).set(key, next);
        nodes++;
      }
      node = next;
    }
    return node;
  };

  p.flattenFollowSet = function flattenFollowSet() {
    const node = current(this);
    return node ? node.flat : own.flattenFollowSet.call(this);
  };
  p.findReSyncTokenType = function findReSyncTokenType() {
    const node = current(this);
    if (!node) return own.findReSyncTokenType.call(this);
    // As Chevrotain's: the first token from LA(1) on that matches a type of the flattened follow set
    // (EOF is in it, and LA past the end is EOF: the loop ends), and the first such type.
    for (let k = 1; ; k++) {
      const token: Token = k === 1 ? this.LA_FAST(1) : this.LA(k);
      let found = node.firstMatch[token.tokenTypeIdx];
      if (found === undefined) {
        found = null;
        for (const type of node.flat) {
          if (matches(token, type)) {
            found = type;
            break;
          }
        }
        node.firstMatch[token.tokenTypeIdx] = found;
      }
      if (found !== null) return found;
    }
  };
  p.isInCurrentRuleReSyncSet = function isInCurrentRuleReSyncSet(tokenType: TokenType) {
    // Chevrotain: the follow set of the current rule's follow key (EOF's at the top rule) includes it.
    const node = current(this);
    if (!node) return own.isInCurrentRuleReSyncSet.call(this, tokenType);
    const follow = this.RULE_STACK_IDX === 0 ? EOF_FOLLOW : node.follow;
    return Array.isArray(follow) && follow.includes(tokenType);
  };
  p.getFollowsForInRuleRecovery = function getFollowsForInRuleRecovery(tokType: TokenType, tokIdxInRule: number) {
    const node = current(this);
    if (!node || !(tokIdxInRule >= 0 && tokIdxInRule < 4096)) return own.getFollowsForInRuleRecovery.call(this, tokType, tokIdxInRule);
    const key = tokType.tokenTypeIdx * 4096 + tokIdxInRule;
    const inRule = (node.inRule ??= new Map());
    let follows = inRule.get(key);
    if (follows === undefined) {
      follows = own.getFollowsForInRuleRecovery.call(this, tokType, tokIdxInRule);
      inRule.set(key, follows);
    }
    return follows;
  };
}
