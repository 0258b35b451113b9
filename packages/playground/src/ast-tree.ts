// The AST of a query as a tree for the page: every object with a `type` and a `span` is a node; its
// children are the nodes among its properties, in text order. Spans are mapped to file offsets.
import type { Span } from '@esql-lint/core';
import type { AstNode } from './protocol.js';

/** At most this many nodes per query are sent to the page (a 20 KB query has a few thousand). */
export const MAX_NODES = 5000;

interface RawNode {
  type: string;
  span: Span;
  [key: string]: unknown;
}

const isNode = (v: unknown): v is RawNode =>
  typeof v === 'object' && v !== null && typeof (v as RawNode).type === 'string' && typeof (v as RawNode).span === 'object';

/** A short description of a node's own value: a name, an operator, a literal. */
function detailOf(node: RawNode): string | undefined {
  for (const key of ['name', 'operator', 'op', 'value', 'text', 'command', 'category', 'function']) {
    const v = node[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      const s = String(v);
      return `${key}: ${s.length > 40 ? `${s.slice(0, 39)}…` : s}`;
    }
  }
  return undefined;
}

export function astTree(root: unknown, toFile: (span: Span) => Span): AstNode[] {
  let budget = MAX_NODES;
  const convert = (node: RawNode): AstNode => {
    budget--;
    const span = toFile(node.span);
    const children: RawNode[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (key === 'span' || key === 'type') continue;
      if (isNode(value)) children.push(value);
      else if (Array.isArray(value)) for (const v of value) if (isNode(v)) children.push(v);
    }
    children.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    const out: AstNode = { label: node.type, start: span.start, end: span.end, children: [] };
    const detail = detailOf(node);
    if (detail) out.detail = detail;
    for (const c of children) {
      if (budget <= 0) break;
      out.children.push(convert(c));
    }
    return out;
  };
  return isNode(root) ? [convert(root)] : [];
}
