/**
 * The review checks: what detection-rules' unit tests and its reviewers check of a rule beyond its schema.
 * One table: each check's code, what it enforces, where the fact comes from, and its function. All are on
 * inside a detection-rules checkout (or custom rules directory) and, elsewhere, when the code is set in the
 * configuration. Each check is cheap per file; checkout data (ATT&CK) loads once per checkout.
 */
import type { Diagnostic } from '@esql-lint/core';
import type { RuleDocument } from '@esql-lint/rule-document';
import type { ReviewContext } from './context.js';
import { checkAttackTechniques } from './attack.js';
import { checkBuildingBlock } from './building-block.js';
import { checkIndexIntegration } from './integration.js';
import { checkInvestigationGuide } from './note.js';
import { checkSetup } from './setup.js';
import { checkDataSourceTags, checkTacticTag } from './tags.js';

export interface ReviewCheck {
  code: string;
  /** What it enforces (one line). */
  enforces: string;
  /** Where detection-rules says so. */
  source: string;
  run(ctx: ReviewContext): void;
}

export const REVIEW_CHECKS: readonly ReviewCheck[] = [
  {
    code: 'index-integration',
    enforces: 'metadata.integration names the integrations of the index patterns (logs-<package>*) and of the datasets the query compares, and each integration has its index pattern',
    source: 'tests/test_all_rules.py test_integration_tag; rule.py get_packaged_integrations; integrations.py parse_datasets; definitions NON_DATASET_PACKAGES, IGNORE_INDICES, IGNORE_IDS',
    run: checkIndexIntegration,
  },
  {
    code: 'data-source-tags',
    enforces: 'the Data Source: / Domain: tags each known index pattern requires',
    source: 'tests/test_all_rules.py test_required_tags',
    run: checkDataSourceTags,
  },
  {
    code: 'tactic-tag',
    enforces: 'the primary tactic (first [[rule.threat]]) is a "Tactic: <name>" tag',
    source: 'tests/test_all_rules.py test_primary_tactic_as_tag; rule.py get_primary_tactic_names',
    run: checkTacticTag,
  },
  {
    code: 'attack-technique',
    enforces: "techniques and sub-techniques exist in the checkout's ATT&CK data with their names, under their tactic, not revoked or deprecated",
    source: 'tests/test_all_rules.py test_technique_deprecations, test_tactic_to_technique_correlations; attack.py',
    run: checkAttackTechniques,
  },
  {
    code: 'building-block',
    enforces: 'building blocks in rules_building_block/ with building_block_type = "default", the "Rule Type: BBR" tag and BBR timing; no building_block_type elsewhere',
    source: 'tests/test_all_rules.py test_bbr_in_correct_dir, test_non_bbr_in_correct_dir, test_bbr_tags; rule.py validate_bbr',
    run: checkBuildingBlock,
  },
  {
    code: 'investigation-guide',
    enforces: 'the note sections detection-rules expects (Triage and analysis, Investigating <name>, Setup heading) and the Investigation Guide tag',
    source: 'tests/test_all_rules.py TestInvestigationGuide, test_investigation_guide_tag; rule.py validate_note',
    run: checkInvestigationGuide,
  },
  {
    code: 'missing-setup',
    enforces: '"setup" on machine learning rules and rules of ML packages, and the max alerts guide link when max_signals = 1000',
    source: 'tests/test_all_rules.py test_max_signals_note; .github/instructions/rules.instructions.md (Machine Learning Rules)',
    run: checkSetup,
  },
];

export const REVIEW_CODES: readonly string[] = REVIEW_CHECKS.map((c) => c.code);

/**
 * Runs the review checks that are on for this rule file (after its query is linted: `query` has what that
 * found). `enabled` says whether a code is on (inside a
 * checkout, or set in the configuration).
 */
export function checkRuleReview(document: RuleDocument, root: string | undefined, enabled: (code: string) => boolean, report: (d: Diagnostic) => void, query: ReviewContext['query'] = { datasets: [] }): void {
  const ctx: ReviewContext = { document, root, report, query };
  for (const check of REVIEW_CHECKS) if (enabled(check.code)) check.run(ctx);
}
