/**
 * `attack-technique`: inside a checkout, the ATT&CK techniques and sub-techniques of `[[rule.threat]]` exist
 * in the checkout's ATT&CK data with those names, sit under their tactic, and are not revoked or deprecated.
 * Without the full data file, the technique redirects still name revoked techniques. Outside a checkout
 * only the id forms are checked (attack-mapping).
 */
import { diagnostic, type Span } from '@esql-lint/core';
import { checkoutData } from './checkout-data.js';
import { str, type ReviewContext } from './context.js';

type Path = Array<string | number>;

export function checkAttackTechniques({ document, root, report }: ReviewContext): void {
  const threats = document.rule.threat;
  if (!root || !Array.isArray(threats) || threats.length === 0) return;
  const data = checkoutData(root);
  const attack = data.attack;
  const at = (path: Path): Span => document.valueSpan(['rule', 'threat', ...path]) ?? document.keySpan(['rule', 'threat']) ?? { start: 0, end: 0 };
  const source = attack ? attack.file : 'attack-technique-redirects.json';
  threats.forEach((t: unknown, i: number) => {
    const threat = (t ?? {}) as Record<string, unknown>;
    if (threat.framework !== 'MITRE ATT&CK') return;
    const tacticName = str((threat.tactic as Record<string, unknown> | undefined)?.name);
    const techniques = Array.isArray(threat.technique) ? threat.technique : [];
    techniques.forEach((x: unknown, j: number) => {
      const tech = (x ?? {}) as Record<string, unknown>;
      const id = str(tech.id);
      if (!id || !/^T\d{4}$/.test(id)) return; // the form is attack-mapping's
      const known = attack?.techniques.get(id);
      const redirect = data.redirects.get(id);
      if (attack && !known) {
        report(diagnostic('attack-technique', 'error', `ATT&CK has no technique ${id} (${source}).${redirect ? ` It was replaced by ${redirect}.` : ''}`, at([i, 'technique', j, 'id'])));
        return;
      }
      if ((known && (known.revoked || known.deprecated)) || (!attack && redirect)) {
        const what = known?.deprecated && !known.revoked ? 'deprecated' : 'revoked';
        report(diagnostic('attack-technique', 'error', `ATT&CK technique ${id} is ${what}${redirect ? `: use ${redirect} instead` : ''} (${source}).`, at([i, 'technique', j, 'id'])));
        return;
      }
      if (!known) return;
      checkName(known.name, tech.name, id, 'technique', [i, 'technique', j, 'name']);
      if (tacticName && attack!.tactics.has(tacticName) && !known.tactics.has(tacticName)) {
        report(diagnostic('attack-technique', 'error', `ATT&CK technique ${id} (${known.name}) is not a technique of the tactic ${tacticName}; it belongs to ${[...known.tactics].join(', ') || 'no tactic'} (${source}).`, at([i, 'technique', j, 'id'])));
      }
      const subs = Array.isArray(tech.subtechnique) ? tech.subtechnique : [];
      subs.forEach((y: unknown, k: number) => {
        const sub = (y ?? {}) as Record<string, unknown>;
        const sid = str(sub.id);
        if (!sid || !/^T\d{4}\.\d{3}$/.test(sid) || !sid.startsWith(`${id}.`)) return;
        const s = attack!.techniques.get(sid);
        if (!s) {
          const r = data.redirects.get(sid);
          report(diagnostic('attack-technique', 'error', `ATT&CK has no sub-technique ${sid} (${source}).${r ? ` It was replaced by ${r}.` : ''}`, at([i, 'technique', j, 'subtechnique', k, 'id'])));
          return;
        }
        checkName(s.name, sub.name, sid, 'sub-technique', [i, 'technique', j, 'subtechnique', k, 'name']);
      });
    });
  });

  function checkName(expected: string, actual: unknown, id: string, what: string, path: Path): void {
    if (typeof actual !== 'string' || actual === expected) return;
    const span = at(path);
    report(diagnostic('attack-technique', 'error', `ATT&CK ${what} ${id} is named "${expected}", not "${actual}" (${source}).`, span,
      [{ title: `Change to "${expected}"`, edits: [{ span, newText: JSON.stringify(expected) }], safe: true }]));
  }
}
