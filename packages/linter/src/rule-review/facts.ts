/**
 * Facts of detection-rules' unit tests and review guidelines that the review checks enforce (names of
 * packages, index patterns, tags, rule ids). Learnt from elastic/detection-rules (tests/test_all_rules.py,
 * detection_rules/schemas/definitions.py, detection_rules/rule.py, .github/instructions/rules.instructions.md);
 * attribution in NOTICE. Only facts live here; each check's own knowledge sits in its entry of REVIEW_CHECKS.
 */

/** The machine learning analytics packages (their rules need no index pattern of their own name). */
export const ML_PACKAGES: ReadonlySet<string> = new Set(['lmd', 'dga', 'ded', 'problemchild', 'beaconing', 'pad']);

/**
 * Packages whose rules are not tied to one dataset: an index pattern that mentions one of them (or `winlog`)
 * needs some `metadata.integration`.
 */
export const NON_DATASET_PACKAGES: readonly string[] = [
  'apm', 'auditd_manager', 'cloud_defend', 'corelight', 'endpoint', 'jamf_protect', 'network_traffic', 'pfsense', 'system',
  'windows', 'sentinel_one_cloud_funnel', 'ti_rapid7_threat_command', 'm365_defender', 'panw', 'crowdstrike',
];

/** Index patterns that name no integration (catch-alls, beats, Endgame, alerts). */
export const INDICES_WITHOUT_INTEGRATION: ReadonlySet<string> = new Set([
  '.alerts-security.*', 'logs-*', 'metrics-*', 'traces-*', 'endgame-*', 'filebeat-*', 'packetbeat-*', 'auditbeat-*', 'winlogbeat-*',
]);

/** Rule ids detection-rules exempts from its index/integration test (rules over all data, sample rules). */
export const INTEGRATION_CHECK_EXEMPT_RULE_IDS: ReadonlySet<string> = new Set([
  'eb079c62-4481-4d6e-9643-3ca499df7aaa', '699e9fdb-b77c-4c01-995c-1c15019b9c43', '0c9a14d9-d65d-486f-9b5b-91e4e6b22bd0',
  'a198fbbd-9413-45ec-a269-47ae4ccf59ce', '0c41e478-5263-4c69-8f9e-7dfd2c22da64', 'aab184d3-72b3-4639-b242-6597c99d8bca',
  'a61809f3-fb5b-465c-8bff-23a8a068ac60', 'f3e22c8b-ea47-45d1-b502-b57b6de950b3', 'fcf18de8-ad7d-4d01-b3f7-a11d5b3883af',
]);

/** The tags an index pattern (written exactly so in `index`) requires. */
export const TAGS_BY_INDEX: Readonly<Record<string, readonly string[]>> = {
  'logs-endpoint.events.*': ['Domain: Endpoint', 'Data Source: Elastic Defend'],
  'logs-endpoint.alerts-*': ['Data Source: Elastic Defend'],
  'endgame-*': ['Data Source: Elastic Endgame'],
  'logs-aws*': ['Data Source: AWS', 'Data Source: Amazon Web Services', 'Domain: Cloud'],
  'logs-azure*': ['Data Source: Azure', 'Domain: Cloud'],
  'logs-o365*': ['Data Source: Microsoft 365', 'Domain: Cloud'],
  'logs-okta*': ['Data Source: Okta'],
  'logs-gcp*': ['Data Source: Google Cloud Platform', 'Data Source: GCP', 'Domain: Cloud'],
  'logs-google_workspace*': ['Data Source: Google Workspace', 'Domain: Cloud'],
  'logs-cloud_defend*': ['Data Source: Elastic Defend for Containers', 'Domain: Container'],
  'logs-cloud_defend.alerts-*': ['Data Source: Elastic Defend for Containers', 'Domain: Container'],
  'logs-kubernetes.*': ['Data Source: Kubernetes'],
  'apm-*-transaction*': ['Data Source: APM'],
  'traces-apm*': ['Data Source: APM'],
  '.alerts-security.*': ['Rule Type: Higher-Order Rule'],
  'logs-cyberarkpas.audit*': ['Data Source: CyberArk PAS'],
  'logs-windows.sysmon_operational-*': ['Data Source: Sysmon'],
  'logs-windows.powershell*': ['Data Source: PowerShell Logs'],
  'logs-system.security*': ['Data Source: Windows Security Event Logs'],
  'logs-system.forwarded*': ['Data Source: Windows Security Event Logs'],
  'logs-system.system*': ['Data Source: Windows System Event Logs'],
  'logs-sentinel_one_cloud_funnel.*': ['Data Source: SentinelOne'],
  'logs-fim.event-*': ['Data Source: File Integrity Monitoring'],
  'logs-m365_defender.event-*': ['Data Source: Microsoft Defender XDR'],
  'logs-crowdstrike.fdr*': ['Data Source: Crowdstrike'],
};

/** Tags with a meaning of their own to these checks. */
export const TAG = {
  buildingBlock: 'Rule Type: BBR',
  investigationGuide: 'Resources: Investigation Guide',
  continuousMonitoring: 'Continuous Monitoring',
  tacticPrefix: 'Tactic: ',
} as const;

/** The directory of building block rules. */
export const BUILDING_BLOCK_DIR = 'rules_building_block';

/** A building block rule looks back at least this far (`from`) and runs at most this often (`interval`), unless bypass_bbr_timing. */
export const BBR_MIN_LOOKBACK_MS = 119 * 60_000;
export const BBR_MIN_INTERVAL_MS = 60 * 60_000;

/** The page on the maximum alerts warning that the `setup` of a rule with max_signals = 1000 must link. */
export const MAX_ALERTS_GUIDE_URL = 'https://www.elastic.co/guide/en/security/current/alerts-ui-monitor.html#troubleshoot-max-alerts';
