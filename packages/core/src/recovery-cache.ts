/**
 * Caches what Chevrotain's error recovery computes again for every syntax error, although it depends
 * only on the grammar and the rule stack at the error (issue 15: a query with a few hundred syntax
 * errors spent most of its time here, and an unclosed nesting a few hundred deep was quadratic):
 *
 * - which type of the re-sync follow set of the whole rule stack the next tokens match first
 *   (`findReSyncTokenType`: Chevrotain flattens the follow sets of every stack level, an object and a
 *   string per level, at every level an error unwinds through);
 * - the current rule's own follow set (`isInCurrentRuleReSyncSet`);
 * - the tokens that may follow a mismatched token (`getFollowsForInRuleRecovery`: a grammar walk each time).
 *
 * Each answer is the one Chevrotain's own method gives, looked up in a trie of rule stacks: one node per
 * (rule, occurrence) below its caller, holding its level's follow set and, per token type, the first
 * match of the flattened set (from its parent's: no flattened array is built, so a deep stack costs
 * memory linear in its depth). A trie grown past `MAX_NODES` is dropped and regrown, so the memory held
 * stays bounded whatever the input.
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
  /** `ruleShortName * 1024 + occurrence` of this level's rule (its key in the parent's children). */
  key: number;
  parent: StackNode | undefined;
  /** Children by key. */
  children: Map<number, StackNode> | undefined;
  /** The follow set of this level (Chevrotain's getFollowSetFromFollowKey of the level's key; [EOF] at the root). */
  follow: TokenType[];
  /**
   * For each token type index: the first type of the flattened follow set of the stack ending here (the
   * follow sets from the bottom up) that a token of that type matches, null when none. Defined from the
   * parent's: the parent's answer if it has one, else the first match in this level's follow set.
   */
  firstMatch: (TokenType | null | undefined)[];
  /** getFollowsForInRuleRecovery(tokType, idx) by `tokenTypeIdx * 4096 + idx`. */
  inRule: Map<number, unknown> | undefined;
}

/** Past this many trie nodes the cache starts again (bounded memory across many parses). */
export const MAX_NODES = 50_000;

export interface RecoveryCacheApi {
  EOF: TokenType;
}

export function cacheRecovery(parser: object, api: RecoveryCacheApi): void {
  const p = parser as any;
  const own = {
    findReSyncTokenType: p.findReSyncTokenType,
    isInCurrentRuleReSyncSet: p.isInCurrentRuleReSyncSet,
    getFollowsForInRuleRecovery: p.getFollowsForInRuleRecovery,
  };
  const EOF_FOLLOW = [api.EOF];
  const newNode = (key: number, parent: StackNode | undefined, follow: TokenType[]): StackNode => ({ key, parent, children: undefined, follow, firstMatch: [], inRule: undefined });
  let roots = new Map<number, StackNode>();
  let nodes = 0;
  /** The trie node of each level of the rule stack at the last look-up (checked against the stack on each). */
  let path: StackNode[] = [];
  /** The CST node of each level's rule invocation at the last look-up (CST parsers). */
  let marks: unknown[] = [];

  /**
   * The trie node of the current rule stack. The nodes of the last look-up are reused as far as the stack
   * still has their rules (integer comparisons): unwinding a deep stack level by level stays linear.
   */
  const current = (self: any): StackNode | undefined => {
    const stack: number[] = self.RULE_STACK;
    const occurrences: number[] = self.RULE_OCCURRENCE_STACK;
    const top: number = self.RULE_STACK_IDX;
    // (The two stacks move together but for a reload after backtracking: then leave it to Chevrotain.)
    if (top < 0 || self.RULE_OCCURRENCE_STACK_IDX !== top) return undefined;
    if (nodes > MAX_NODES) {
      roots = new Map();
      nodes = 0;
      path = [];
      marks = [];
    }
    let i = 0;
    const cst: unknown[] | undefined = self.CST_STACK;
    const aligned = Array.isArray(cst) && cst.length === top + 1;
    if (aligned) {
      // A CST parser pushes a new node for each rule invocation: the level whose node is still the one
      // seen at the last look-up is the same invocation, and so is every level below it.
      let j = Math.min(top, path.length - 1);
      while (j >= 0 && marks[j] !== cst[j]) j--;
      i = j + 1;
    } else {
      while (i <= top && i < path.length && path[i].key === stack[i] * 1024 + occurrences[i] && (i === 0 || path[i].parent === path[i - 1])) i++;
    }
    for (; i <= top; i++) {
      const key = stack[i] * 1024 + occurrences[i];
      const parent = i === 0 ? undefined : path[i - 1];
      let node = parent ? parent.children?.get(key) : roots.get(key);
      if (node === undefined) {
        const follow =
          parent === undefined
            ? EOF_FOLLOW
            : self.getFollowSetFromFollowKey({
                ruleName: self.shortRuleNameToFullName(stack[i]),
                idxInCallingRule: occurrences[i],
                inRule: self.shortRuleNameToFullName(stack[i - 1]),
              });
        node = newNode(key, parent, follow);
        if (parent) (parent.children ??= new Map()).set(key, node);
        else roots.set(key, node);
        nodes++;
      }
      path[i] = node;
      marks[i] = aligned ? cst[i] : undefined;
    }
    return path[top];
  };

  /** The first type of the stack's flattened follow set that `token` matches (see StackNode.firstMatch). */
  const firstMatch = (node: StackNode, token: Token): TokenType | null => {
    const idx = token.tokenTypeIdx;
    const known = node.firstMatch[idx];
    if (known !== undefined) return known;
    // Up to the nearest level that knows (iteratively: the stack may be deep), then down again.
    const chain: StackNode[] = [];
    let n: StackNode | undefined = node;
    while (n !== undefined && n.firstMatch[idx] === undefined) {
      chain.push(n);
      n = n.parent;
    }
    let found: TokenType | null = n === undefined ? null : n.firstMatch[idx]!;
    for (let k = chain.length - 1; k >= 0; k--) {
      const level = chain[k];
      if (found === null && Array.isArray(level.follow)) {
        for (const type of level.follow) {
          if (matches(token, type)) {
            found = type;
            break;
          }
        }
      }
      level.firstMatch[idx] = found;
    }
    return found;
  };

  p.findReSyncTokenType = function findReSyncTokenType() {
    const node = current(this);
    if (!node) return own.findReSyncTokenType.call(this);
    // As Chevrotain's: the first token from LA(1) on that matches a type of the flattened follow set
    // (EOF is in it, and LA past the end is EOF: the loop ends), and the first such type.
    for (let k = 1; ; k++) {
      const found = firstMatch(node, k === 1 ? this.LA_FAST(1) : this.LA(k));
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
