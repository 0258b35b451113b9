import { COMMAND_PREFIXES, esqlCommand, type EsqlCommandInfo } from './esql-commands.js';
import { openBrackets, scanBefore, typedWord, type OpenCall, type Tok } from './scan.js';

/** Where the cursor is in an ES|QL query, as completion and signature help see it. */
export interface EsqlPosition {
  /** Inside a string or a comment. */
  inert?: 'string' | 'comment';
  word: string;
  wordStart: number;
  /** Index of the command in the pipeline (0: the source command). */
  commandIndex: number;
  /** Offset where the command holding the cursor starts (after its pipe, or the `(` of a FORK branch). */
  commandStart: number;
  /** The command the cursor is in; undefined while its name is being typed. */
  command?: EsqlCommandInfo;
  /** The command word is not known. */
  unknownCommand?: string;
  /** Tokens of the command after its name, before the typed word. */
  args: Tok[];
  /** The last keyword of the command's own clauses before the cursor (`BY`, `METADATA`, `AS`, `ON`, `WITH`, `WHERE`). */
  clause?: string;
  /** The innermost open call. */
  call?: OpenCall;
  /** The calls that hold the cursor, outermost first. */
  calls: OpenCall[];
  /** Open brackets (of any kind) inside the command. */
  depth: number;
  /** The cursor starts a new item of the command (after its name, a top-level `,`, or a clause keyword). */
  itemStart: boolean;
  /** The tokens of the current top-level item. */
  item: Tok[];
  /** The token before the typed word ends an operand (a name, a literal, `)`): an operator or `,` / `|` may follow. */
  afterOperand: boolean;
  last?: Tok;
}

const CLAUSES = new Set(['BY', 'METADATA', 'AS', 'ON', 'WITH', 'WHERE']);
/** Words after which an operand is expected. */
const OPERAND_KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'RLIKE', 'IS', 'BY', 'WHERE', 'AS', 'ON', 'WITH', 'METADATA']);

export function esqlPosition(text: string, offset: number): EsqlPosition {
  const scan = scanBefore(text, offset, 'esql');
  const { start: wordStart, word } = typedWord(text, offset, 'esql');
  let tokens = scan.tokens;
  if (tokens.length && tokens[tokens.length - 1].end > wordStart) tokens = tokens.filter((t) => t.end <= wordStart);
  const base: EsqlPosition = { word, wordStart, commandIndex: 0, commandStart: 0, args: [], calls: [], depth: 0, itemStart: true, item: [], afterOperand: false };
  if (scan.inert) return { ...base, inert: scan.inert };
  // The command: after the last pipe (or the `(` of a FORK branch).
  let segStart = 0;
  let commandIndex = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].kind === 'pipe') {
      segStart = k + 1;
      commandIndex++;
    }
  }
  const segment = tokens.slice(segStart);
  const forkOpen = forkBranchStart(segment);
  const seg = forkOpen >= 0 ? segment.slice(forkOpen + 1) : segment;
  if (forkOpen >= 0) commandIndex = Math.max(commandIndex, 1);
  const commandStart = forkOpen >= 0 ? segment[forkOpen].end : segStart > 0 ? tokens[segStart - 1].end : 0;
  base.commandStart = commandStart;
  if (seg.length === 0) return { ...base, commandIndex };
  let nameLength = 1;
  let name = seg[0].kind === 'word' ? seg[0].text.toUpperCase() : '';
  if (COMMAND_PREFIXES[name] && seg[1]?.kind === 'word') {
    name = `${name} ${seg[1].text.toUpperCase()}`;
    nameLength = 2;
  } else if (COMMAND_PREFIXES[name]) {
    // `LOOKUP ` typed: the second word is what comes.
    return { ...base, commandIndex, args: [], command: undefined, unknownCommand: name, last: seg[0] };
  }
  const command = esqlCommand(name);
  const args = seg.slice(nameLength);
  const brackets = openBrackets(args);
  const calls = brackets.flatMap((b) => (b.call ? [b.call] : []));
  const call = brackets.length && brackets[brackets.length - 1].call ? brackets[brackets.length - 1].call : undefined;
  // Top-level clause keywords and items.
  let clause: string | undefined;
  let itemFrom = 0;
  let depth = 0;
  for (let k = 0; k < args.length; k++) {
    const t = args[k];
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth = Math.max(0, depth - 1);
    else if (depth === 0 && t.kind === 'comma') itemFrom = k + 1;
    else if (depth === 0 && t.kind === 'word' && CLAUSES.has(t.text.toUpperCase())) {
      const kw = t.text.toUpperCase();
      // WHERE is a clause of STATS only; AS of RENAME / CHANGE_POINT only.
      if (kw === 'WHERE' && command?.args !== 'aggregates') continue;
      if (kw === 'AS' && command?.name !== 'RENAME' && command?.name !== 'CHANGE_POINT') continue;
      clause = kw;
      itemFrom = k + 1;
    }
  }
  const item = args.slice(itemFrom);
  const last = args[args.length - 1] ?? seg[nameLength - 1];
  const afterOperand =
    !!last &&
    args.length > 0 &&
    (last.kind === 'string' || last.kind === 'number' || last.kind === 'quoted' || (last.kind === 'close' && last.text !== '}') ||
      (last.kind === 'word' && !OPERAND_KEYWORDS.has(last.text.toUpperCase())));
  const itemStart = depth === 0 && item.length === 0;
  return {
    ...base, commandIndex, command, ...(command ? {} : { unknownCommand: name }), args, clause, call, calls, depth: brackets.length,
    itemStart, item, afterOperand, last,
  };
}

/** In `FORK (WHERE a | ...`, the index of the `(` that opens the branch holding the cursor, else -1. */
function forkBranchStart(segment: Tok[]): number {
  if (segment[0]?.kind !== 'word' || segment[0].text.toUpperCase() !== 'FORK') return -1;
  const open = openBrackets(segment);
  if (open.length === 0 || open[0].call) return -1;
  return open[0].index;
}
