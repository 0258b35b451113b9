/**
 * Test oracle: an independent, deliberately naive recognizer with PEG semantics (ordered choice, greedy
 * repetition that never gives characters back, backtracking only between alternatives), written from the
 * rules of Kibana's KQL grammar as documented in the README. It answers only "does Kibana accept this
 * text?" and is used to cross-check the Chevrotain parser on generated and mutated queries.
 */
type P = (s: string, i: number) => number; // new position, or -1

const FAIL = -1;
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u00A0';
const SPECIAL = '\\():<>"*{}';

const seq =
  (...ps: P[]): P =>
  (s, i) => {
    for (const p of ps) {
      i = p(s, i);
      if (i === FAIL) return FAIL;
    }
    return i;
  };
const alt =
  (...ps: P[]): P =>
  (s, i) => {
    for (const p of ps) {
      const r = p(s, i);
      if (r !== FAIL) return r;
    }
    return FAIL;
  };
const star =
  (p: P): P =>
  (s, i) => {
    for (;;) {
      const r = p(s, i);
      if (r === FAIL || r === i) return i;
      i = r;
    }
  };
const plus = (p: P): P => seq(p, star(p));
const opt =
  (p: P): P =>
  (s, i) => {
    const r = p(s, i);
    return r === FAIL ? i : r;
  };
const not =
  (p: P): P =>
  (s, i) =>
    p(s, i) === FAIL ? i : FAIL;
const lit =
  (word: string, ci = false): P =>
  (s, i) => {
    const part = s.substr(i, word.length);
    return (ci ? part.toLowerCase() === word : part === word) ? i + word.length : FAIL;
  };
const cls =
  (test: (c: string) => boolean): P =>
  (s, i) =>
    i < s.length && test(s[i]) ? i + 1 : FAIL;
const lazy =
  (f: () => P): P =>
  (s, i) =>
    f()(s, i);

const Space = cls(isSpace);
const Sp = star(Space);
const Or = seq(plus(Space), lit('or', true), plus(Space));
const And = seq(plus(Space), lit('and', true), plus(Space));
const Not = seq(lit('not', true), plus(Space));
const Keyword = alt(seq(Space, lit('or', true), Space), seq(Space, lit('and', true), Space), seq(lit('not', true), Space));
const Special = cls((c) => SPECIAL.includes(c));
const Hex = cls((c) => /[0-9a-f]/i.test(c));
const EscWs = alt(lit('\\t'), lit('\\r'), lit('\\n'));
const EscUnicode = seq(lit('\\u'), Hex, Hex, Hex, Hex);
const UChar = alt(
  EscWs,
  seq(lit('\\'), Special),
  EscUnicode,
  seq(lit('\\'), alt(lit('or', true), lit('and', true), lit('not', true))),
  lit('*'),
  seq(not(Special), not(Keyword), cls(() => true)),
);
const QChar = alt(EscWs, EscUnicode, seq(lit('\\'), cls((c) => c === '\\' || c === '"')), cls((c) => c !== '"'));
const Quoted = seq(lit('"'), star(QChar), lit('"'));
const Literal = alt(Quoted, plus(UChar));
const RangeOp = alt(lit('<='), lit('>='), lit('<'), lit('>'));

const ListOfValues: P = lazy(() => alt(seq(lit('('), Sp, OrList, Sp, lit(')')), Literal));
const NotList: P = alt(seq(Not, ListOfValues), ListOfValues);
const AndList: P = seq(NotList, star(seq(And, NotList)));
const OrList: P = seq(AndList, star(seq(Or, AndList)));

const OrQuery: P = lazy(() => seq(AndQuery, star(seq(Or, AndQuery))));
const Expression = alt(
  seq(Literal, Sp, RangeOp, Sp, Literal),
  seq(Literal, Sp, lit(':'), Sp, ListOfValues),
  Literal,
);
const Nested = alt(seq(Literal, Sp, lit(':'), Sp, lit('{'), Sp, OrQuery, Sp, lit('}')), Expression);
const SubQuery = alt(seq(lit('('), Sp, OrQuery, Sp, lit(')')), Nested);
const NotQuery = alt(seq(Not, SubQuery), SubQuery);
const AndQuery: P = seq(NotQuery, star(seq(And, NotQuery)));
const Start = seq(Sp, opt(OrQuery), Sp);

/** Whether Kibana's KQL grammar accepts `text` (with the default allowLeadingWildcards). */
export function kibanaAccepts(text: string): boolean {
  return Start(text, 0) === text.length;
}
