/**
 * Test oracle: an independent, deliberately naive recognizer with PEG semantics (ordered choice, greedy
 * repetition that never gives characters back, backtracking only between alternatives), written from the
 * rules of Kibana's KQL grammar as documented in the README. It answers only "does Kibana accept this
 * text?" and is used to cross-check the Chevrotain parser on generated and mutated queries.
 */
/** A match: the new position and the literal values (field names and values) read, in order. */
type R = { end: number; vals: string[] } | null;
type P = (s: string, i: number) => R;

const NONE: string[] = [];
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u00A0';
const SPECIAL = '\\():<>"*{}';

const seq =
  (...ps: P[]): P =>
  (s, i) => {
    let vals = NONE;
    for (const p of ps) {
      const r = p(s, i);
      if (!r) return null;
      i = r.end;
      if (r.vals.length) vals = vals.concat(r.vals);
    }
    return { end: i, vals };
  };
const alt =
  (...ps: P[]): P =>
  (s, i) => {
    for (const p of ps) {
      const r = p(s, i);
      if (r) return r;
    }
    return null;
  };
const star =
  (p: P): P =>
  (s, i) => {
    let vals = NONE;
    for (;;) {
      const r = p(s, i);
      if (!r || r.end === i) return { end: i, vals };
      i = r.end;
      if (r.vals.length) vals = vals.concat(r.vals);
    }
  };
const plus = (p: P): P => seq(p, star(p));
const opt =
  (p: P): P =>
  (s, i) =>
    p(s, i) ?? { end: i, vals: NONE };
const not =
  (p: P): P =>
  (s, i) =>
    p(s, i) ? null : { end: i, vals: NONE };
const lit =
  (word: string, ci = false): P =>
  (s, i) => {
    const part = s.substr(i, word.length);
    return (ci ? part.toLowerCase() === word : part === word) ? { end: i + word.length, vals: NONE } : null;
  };
const cls =
  (test: (c: string) => boolean): P =>
  (s, i) =>
    i < s.length && test(s[i]) ? { end: i + 1, vals: NONE } : null;
/** Runs `p` and reads its text with `read` into one value. */
const capture =
  (p: P, read: (matched: string) => string): P =>
  (s, i) => {
    const r = p(s, i);
    return r && { end: r.end, vals: [read(s.slice(i, r.end))] };
  };
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

/** Reads matched characters one rule at a time, in the grammar's order of alternatives. */
function decode(text: string, quoted: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const two = text.substr(i, 2);
    const ws = { '\\t': '\t', '\\r': '\r', '\\n': '\n' }[two];
    if (ws) {
      out += ws;
      i += 2;
    } else if (!quoted && text[i] === '\\' && SPECIAL.includes(text[i + 1] ?? 'none')) {
      out += text[i + 1];
      i += 2;
    } else if (two === '\\u' && /^[0-9a-f]{4}$/i.test(text.substr(i + 2, 4))) {
      out += String.fromCharCode(parseInt(text.substr(i + 2, 4), 16));
      i += 6;
    } else if (quoted && (two === '\\\\' || two === '\\"')) {
      out += text[i + 1];
      i += 2;
    } else if (!quoted && text[i] === '\\') {
      const kw = /^(or|and|not)/i.exec(text.slice(i + 1))![0];
      out += kw;
      i += 1 + kw.length;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return quoted ? out : out.trim();
}

const Literal = alt(
  capture(Quoted, (m) => decode(m.slice(1, -1), true)),
  capture(plus(UChar), (m) => decode(m, false)),
);
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
  return Start(text, 0)?.end === text.length;
}

/** The field names and values Kibana reads from an accepted `text`, in source order (undefined if rejected). */
export function kibanaLiterals(text: string): string[] | undefined {
  const r = Start(text, 0);
  return r && r.end === text.length ? r.vals : undefined;
}
