/**
 * `missing-setup`: rules that cannot work without set-up say how in `setup`: machine learning rules and
 * rules of the machine learning analytics packages (their jobs must be installed), and rules with
 * max_signals = 1000 (the set-up links the page on the maximum alerts warning).
 */
import { diagnostic } from '@esql-lint/core';
import { headerOrStart } from './edits.js';
import { integrationsOf, str, type ReviewContext } from './context.js';
import { MAX_ALERTS_GUIDE_URL, ML_PACKAGES } from './facts.js';

export function checkSetup({ document, report }: ReviewContext): void {
  const { rule } = document;
  const setup = str(rule.setup)?.trim();
  const ml = rule.type === 'machine_learning' ? 'a machine learning rule' : integrationsOf(document).find((i) => ML_PACKAGES.has(i.toLowerCase()));
  if (ml && !setup) {
    const what = ml === 'a machine learning rule' ? ml : `a rule of the ${ml} package`;
    report(diagnostic('missing-setup', 'error', `This is ${what}: its "setup" must say how to install and start the machine learning jobs it needs.`, headerOrStart(document, 'rule')));
  }
  if (rule.max_signals === 1000 && !(setup ?? '').includes(MAX_ALERTS_GUIDE_URL)) {
    report(diagnostic('missing-setup', 'error', `A rule with max_signals = 1000 needs a "setup" that links the guide to the maximum alerts warning (${MAX_ALERTS_GUIDE_URL}).`,
      document.valueSpan(['rule', 'max_signals']) ?? headerOrStart(document, 'rule')));
  }
}
