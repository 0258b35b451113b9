/**
 * `unknown-dataset`: an `event.dataset` / `data_stream.dataset` value that no known integration produces
 * and that is a near miss of one that does ("aws.cloudtrial" -> "aws.cloudtrail", "okat.system" ->
 * "okta.system"). The known datasets are the data streams of the bundled integration schemas
 * (@esql-lint/schema's knownDataStreams, generated from elastic/integrations' field definitions).
 *
 * Those lists are not complete (the sources lack some streams and packages), and real rules compare
 * values of legacy agents (Filebeat's `googlecloud.audit`, Packetbeat's `dns`) and of integrations that are
 * not bundled. So only near misses are reported: a stream name within a few edits of a known stream of the
 * same package, or a package name within a few edits of a bundled one whose stream is known. Anything else
 * may be a value we do not know, and is left alone.
 */
import { closestMatches, diagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import { knownDataStreams } from '@esql-lint/schema';
import { DATASET_FIELDS } from './schema-context.js';

interface DatasetIndex {
  all: Set<string>;
  /** Package -> its known stream names (the dataset after `package.`). */
  streams: Map<string, string[]>;
  packages: string[];
}

let index: DatasetIndex | undefined;

/** Built once per process, on first use. */
function datasets(): DatasetIndex {
  if (!index) {
    const all = new Set<string>();
    const streams = new Map<string, string[]>();
    for (const s of knownDataStreams()) {
      all.add(s.dataset);
      const dot = s.dataset.indexOf('.');
      if (dot < 0) continue;
      const pkg = s.dataset.slice(0, dot);
      let list = streams.get(pkg);
      if (!list) streams.set(pkg, (list = []));
      list.push(s.dataset.slice(dot + 1));
    }
    index = { all, streams, packages: [...streams.keys()].sort() };
  }
  return index;
}

/** The known dataset a value is a near miss of, if any. */
export function datasetGuess(value: string): string | undefined {
  const { all, streams, packages } = datasets();
  if (all.has(value)) return undefined;
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) return undefined;
  const pkg = value.slice(0, dot);
  const stream = value.slice(dot + 1);
  const own = streams.get(pkg);
  if (own) {
    const guess = closestMatches(stream, own, 1)[0];
    return guess ? `${pkg}.${guess}` : undefined;
  }
  for (const p of closestMatches(pkg, packages, 3)) {
    const list = streams.get(p)!;
    if (list.includes(stream)) return `${p}.${stream}`;
    const guess = closestMatches(stream, list, 1)[0];
    if (guess) return `${p}.${guess}`;
  }
  return undefined;
}

/** A warning with a did-you-mean fix for a dataset value that is a near miss of a known one. */
export function checkDatasetValue(field: string, value: string, span: Span, report: (d: Diagnostic) => void, quote: (v: string) => string): void {
  if (!DATASET_FIELDS.has(field) || /[*?]/.test(value)) return;
  const guess = datasetGuess(value);
  if (!guess) return;
  const pkg = guess.slice(0, guess.indexOf('.'));
  const known = datasets().streams.get(pkg)!.map((s) => `${pkg}.${s}`);
  report(
    diagnostic('unknown-dataset', 'warning', `No known integration produces the ${field} value "${value}": did you mean "${guess}"? (the ${pkg} integration's datasets: ${known.join(', ')})`, span,
      [{ title: `Change to "${guess}"`, edits: [{ span, newText: quote(guess) }] }]),
  );
}
