// detection-rules' review checks (rule-review/): a case table per check on small rules of our own inside a
// temporary checkout (with an ATT&CK data file of our own making), their fixes, and their gating.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Linter } from '../src/index.js';
import { REVIEW_CHECKS, REVIEW_CODES } from '../src/rule-review/index.js';
import { parseAttack } from '../src/rule-review/checkout-data.js';

const CODES = new Set(REVIEW_CODES);

/** A checkout: its stack-schema-map makes it one; ATT&CK data and redirects of our own. */
function makeCheckout(attack = true): string {
  const root = mkdtempSync(join(tmpdir(), 'esql-lint-review-'));
  const etc = join(root, 'detection_rules', 'etc');
  mkdirSync(etc, { recursive: true });
  writeFileSync(join(etc, 'stack-schema-map.yaml'), '"9.2.0":\n  beats: "9.2.0"\n  ecs: "9.2.0"\n');
  writeFileSync(join(etc, 'attack-technique-redirects.json'), JSON.stringify({ mapping: { T1086: 'T1059.001', 'T1547.011': 'T1647' } }));
  // The package names of the integration manifests (what the dataset check reads of them).
  writeFileSync(join(etc, 'integration-manifests.json.gz'), gzipSync(JSON.stringify({ aws: {}, okta: {}, endpoint: {}, windows: {}, zeek: {} })));
  if (attack) {
    const tactic = (name: string, id: string) => ({ type: 'x-mitre-tactic', name, external_references: [{ source_name: 'mitre-attack', external_id: id }] });
    const technique = (id: string, name: string, phases: string[], extra: object = {}) => ({
      type: 'attack-pattern', name, ...extra,
      external_references: [{ source_name: 'mitre-attack', external_id: id }],
      kill_chain_phases: phases.map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name })),
    });
    const bundle = {
      objects: [
        tactic('Execution', 'TA0002'), tactic('Defense Evasion', 'TA0005'), tactic('Persistence', 'TA0003'),
        technique('T1059', 'Command and Scripting Interpreter', ['execution']),
        technique('T1059.001', 'PowerShell', ['execution']),
        technique('T1218', 'System Binary Proxy Execution', ['defense-evasion']),
        technique('T1218.005', 'Mshta', ['defense-evasion']),
        technique('T1086', 'PowerShell', ['execution'], { revoked: true }),
        technique('T1064', 'Scripting', ['defense-evasion', 'execution'], { x_mitre_deprecated: true }),
      ],
    };
    // Two versions: the lowest is the baseline detection-rules reads.
    writeFileSync(join(etc, 'attack-v2.0.json.gz'), gzipSync(JSON.stringify({ objects: [tactic('Execution', 'TA0002')] })));
    writeFileSync(join(etc, 'attack-v1.10.json.gz'), gzipSync(JSON.stringify({ objects: [tactic('Execution', 'TA0002')] })));
    writeFileSync(join(etc, 'attack-v1.2.json.gz'), gzipSync(JSON.stringify(bundle)));
  }
  mkdirSync(join(root, 'rules', 'windows'), { recursive: true });
  mkdirSync(join(root, 'rules_building_block', 'sub'), { recursive: true });
  return root;
}

const CHECKOUT = makeCheckout();
const REDIRECTS_ONLY = makeCheckout(false);

const VALID = `[metadata]
creation_date = "2026/01/05"
integration = ["endpoint"]
maturity = "production"
updated_date = "2026/02/01"

[rule]
author = ["Elastic"]
description = "Runs a script host from a document."
from = "now-9m"
index = ["logs-endpoint.events.process-*"]
language = "kuery"
license = "Elastic License v2"
name = "Script Host From Office"
note = """## Triage and analysis

### Investigating Script Host From Office

Look at the parent process.
"""
risk_score = 73
rule_id = "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"
severity = "high"
tags = [
    "Domain: Endpoint",
    "OS: Windows",
    "Tactic: Defense Evasion",
    "Resources: Investigation Guide",
]
type = "query"
query = '''
event.category:process and process.name:"mshta.exe"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1218"
name = "System Binary Proxy Execution"
reference = "https://attack.mitre.org/techniques/T1218/"
[[rule.threat.technique.subtechnique]]
id = "T1218.005"
name = "Mshta"
reference = "https://attack.mitre.org/techniques/T1218/005/"

[rule.threat.tactic]
id = "TA0005"
name = "Defense Evasion"
reference = "https://attack.mitre.org/tactics/TA0005/"
`;

const BBR = VALID.replace('risk_score = 73', 'risk_score = 21').replace('severity = "high"', 'severity = "low"')
  .replace('type = "query"', 'type = "query"\nbuilding_block_type = "default"').replace('from = "now-9m"', 'from = "now-119m"\ninterval = "60m"')
  .replace('"OS: Windows",', '"OS: Windows",\n    "Rule Type: BBR",');

const linter = new Linter({});
const lint = (text: string, file: string, l = linter) => l.lintText(text, file).diagnostics.filter((d) => CODES.has(d.code));
/** [code, covered text] of the review diagnostics of a text at a path of a checkout. */
function check(text: string, rel = 'rules/windows/r.toml', root = CHECKOUT): Array<[string, string]> {
  return lint(text, join(root, rel)).map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
}
const edit = (from: string | RegExp, to: string, base = VALID) => {
  expect(base).toMatch(from);
  return base.replace(from, to);
};
const TAGS = (text: string) => /tags = (\[[^\]]*\])/.exec(text)![1];

describe('detection-rules review checks: valid rules', () => {
  it('accept a valid rule and a valid building block', () => {
    expect(check(VALID)).toEqual([]);
    expect(check(BBR, 'rules_building_block/b.toml')).toEqual([]);
  });
  it('have a docs page and a registered code each, in one table', () => {
    expect(REVIEW_CHECKS.map((c) => c.code)).toEqual(['index-integration', 'data-source-tags', 'tactic-tag', 'attack-technique', 'building-block', 'investigation-guide', 'missing-setup']);
    for (const c of REVIEW_CHECKS) expect(c.source.length).toBeGreaterThan(10);
  });
});

type Case = [string, string, Array<[string, string]>, string?];

describe('index-integration', () => {
  const cases: Case[] = [
    ['index of an integration that metadata does not name', edit('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.process-*", "logs-windows.sysmon_operational-*"]'),
      [['index-integration', '"logs-windows.sysmon_operational-*"']]],
    ['integration without its index pattern', edit('integration = ["endpoint"]', 'integration = ["endpoint", "okta"]'), [['index-integration', '"okta"']]],
    ['a one-string integration without its index', edit('integration = ["endpoint"]', 'integration = "aws"'), [['index-integration', '"aws"'], ['index-integration', '"logs-endpoint.events.process-*"']]],
    ['windows integration on winlogbeat', edit('integration = ["endpoint"]', 'integration = ["endpoint", "windows"]').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.process-*", "winlogbeat-*"]'), []],
    ['an integration beside a non-dataset package, without a dataset of its own in the query', edit('integration = ["endpoint"]', 'integration = ["endpoint", "okta"]').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.process-*", "logs-okta.system-*"]'),
      [['index-integration', '["endpoint", "okta"]']]],
    ['ML package rules need no index of their own', edit('integration = ["endpoint"]', 'integration = ["endpoint", "pad"]'), []],
    ['threat_match rules need none either', edit('integration = ["endpoint"]', 'integration = ["endpoint", "okta"]').replace('type = "query"', 'type = "threat_match"').replace('event.category:process and', 'event.category:process and event.dataset:okta.system and'), []],
    ['a non-dataset package in the index, no integration at all', edit('integration = ["endpoint"]\n', '').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["winlogbeat-*"]'), [['index-integration', '"winlogbeat-*"']]],
    ['catch-all indices name no integration', edit('integration = ["endpoint"]\n', '').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-*", "filebeat-*"]'), []],
    ['no metadata.integration, dataset index', edit('integration = ["endpoint"]\n', '').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-okta.system-*"]'), [['index-integration', '"logs-okta.system-*"']]],
    ['a dataset of a package metadata does not name', edit('integration = ["endpoint"]', 'integration = ["endpoint", "okta"]').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.process-*", "logs-okta*"]')
      .replace('event.category:process and', 'event.category:process and event.dataset:(okta.system or aws.cloudtrail) and'), [['index-integration', '["endpoint", "okta"]']]],
    ['an integration no compared dataset is of', edit('integration = ["endpoint"]', 'integration = ["endpoint", "okta", "zeek"]').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.process-*", "logs-okta*", "logs-zeek*"]')
      .replace('event.category:process and', 'event.category:process and event.dataset:okta.system and'), [['index-integration', '["endpoint", "okta", "zeek"]']]],
    ['datasets and non-dataset packages that agree', edit('integration = ["endpoint"]', 'integration = ["endpoint", "okta"]').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.process-*", "logs-okta*"]')
      .replace('event.category:process and', 'event.category:process and event.dataset:okta.system and'), []],
    ['lucene rules are not checked', edit('integration = ["endpoint"]', 'integration = ["okta"]').replace('language = "kuery"', 'language = "lucene"'), []],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(check(text).filter(([c]) => c === 'index-integration')).toEqual(expected));

  it('fixes a missing integration by adding it to metadata.integration', () => {
    const text = cases[0][1];
    const d = lint(text, join(CHECKOUT, 'rules/windows/r.toml')).find((x) => x.code === 'index-integration')!;
    const e = d.fixes![0].edits[0];
    const fixed = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    expect(fixed).toContain('integration = ["endpoint", "windows"]');
    expect(check(fixed).filter(([c]) => c === 'index-integration')).toEqual([]);
  });
});

describe('data-source-tags and tactic-tag', () => {
  const cases: Case[] = [
    ['index pattern needs its Data Source tag', edit('"OS: Windows",', '"OS: Windows",', VALID.replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.*"]')),
      [['data-source-tags', TAGS(VALID)]]],
    ['a pattern written otherwise requires nothing', edit('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.process*"]'), []],
    ['several missing tags are one diagnostic', edit('integration = ["endpoint"]', 'integration = ["endpoint", "aws"]').replace('index = ["logs-endpoint.events.process-*"]', 'index = ["logs-endpoint.events.process-*", "logs-aws*"]'),
      [['data-source-tags', TAGS(VALID)]]],
    ['primary tactic missing from the tags', edit('"Tactic: Defense Evasion",', '"Tactic: Execution",'), [['tactic-tag', TAGS(VALID).replace('Defense Evasion', 'Execution')]]],
    ['no tactic tag is needed for Continuous Monitoring', edit('"Tactic: Defense Evasion",', '"Continuous Monitoring",'), []],
    ['tags of other tactics are allowed', edit('"Tactic: Defense Evasion",', '"Tactic: Defense Evasion",\n    "Tactic: Persistence",'), []],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(check(text).filter(([c]) => c === 'data-source-tags' || c === 'tactic-tag')).toEqual(expected));

  it('says which tags and why, and fixes by adding them in the array\'s layout', () => {
    const text = cases[2][1];
    const d = lint(text, join(CHECKOUT, 'rules/windows/r.toml')).find((x) => x.code === 'data-source-tags')!;
    expect(d.message).toContain('"Data Source: AWS", "Data Source: Amazon Web Services", "Domain: Cloud"');
    expect(d.message).toContain('"logs-aws*"');
    const e = d.fixes![0].edits[0];
    const fixed = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    expect(fixed).toContain('    "Resources: Investigation Guide",\n    "Data Source: AWS",\n    "Data Source: Amazon Web Services",\n    "Domain: Cloud",\n]');
    expect(check(fixed).filter(([c]) => c === 'data-source-tags')).toEqual([]);
  });

  it('adds the primary tactic to an inline array', () => {
    const text = edit(/tags = \[[^\]]*\]/, 'tags = ["Domain: Endpoint", "Resources: Investigation Guide"]');
    const d = lint(text, join(CHECKOUT, 'rules/windows/r.toml')).find((x) => x.code === 'tactic-tag')!;
    const e = d.fixes![0].edits[0];
    expect(text.slice(0, e.span.start) + e.newText + text.slice(e.span.end)).toContain('tags = ["Domain: Endpoint", "Resources: Investigation Guide", "Tactic: Defense Evasion"]');
  });
});

describe('attack-technique', () => {
  const cases: Case[] = [
    ['unknown technique', edit('id = "T1218"\n', 'id = "T1999"\n').replace('"T1218.005"', '"T1999.005"'), [['attack-technique', '"T1999"']]],
    ['wrong technique name, with its fix', edit('name = "System Binary Proxy Execution"', 'name = "Signed Binary Proxy Execution"'), [['attack-technique', '"Signed Binary Proxy Execution"']]],
    ['wrong sub-technique name', edit('name = "Mshta"', 'name = "MSHTA"'), [['attack-technique', '"MSHTA"']]],
    ['unknown sub-technique', edit('"T1218.005"', '"T1218.099"').replace('T1218/005/', 'T1218/099/'), [['attack-technique', '"T1218.099"']]],
    ['technique under another tactic', edit(/id = "T1218"\nname = "System Binary Proxy Execution"\nreference = "[^"]+"\n\[\[rule\.threat\.technique\.subtechnique\]\]\nid = "T1218.005"\nname = "Mshta"\nreference = "[^"]+"/,
      'id = "T1059"\nname = "Command and Scripting Interpreter"\nreference = "https://attack.mitre.org/techniques/T1059/"\n[[rule.threat.technique.subtechnique]]\nid = "T1059.001"\nname = "PowerShell"\nreference = "https://attack.mitre.org/techniques/T1059/001/"'),
    [['attack-technique', '"T1059"']]],
    ['revoked technique', edit(/id = "T1218"\nname = "System Binary Proxy Execution"\nreference = "[^"]+"\n\[\[rule\.threat\.technique\.subtechnique\]\]\nid = "T1218.005"\nname = "Mshta"\nreference = "[^"]+"/,
      'id = "T1086"\nname = "PowerShell"\nreference = "https://attack.mitre.org/techniques/T1086/"').replace(/TA0005|Defense Evasion/g, (m) => (m === 'TA0005' ? 'TA0002' : 'Execution')),
    [['attack-technique', '"T1086"']]],
    ['deprecated technique', edit(/id = "T1218"\nname = "System Binary Proxy Execution"\nreference = "[^"]+"\n\[\[rule\.threat\.technique\.subtechnique\]\]\nid = "T1218.005"\nname = "Mshta"\nreference = "[^"]+"/,
      'id = "T1064"\nname = "Scripting"\nreference = "https://attack.mitre.org/techniques/T1064/"'),
    [['attack-technique', '"T1064"']]],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(check(text).filter(([c]) => c === 'attack-technique')).toEqual(expected));

  it('names the replacement of a revoked technique, and the right name as a fix', () => {
    const revoked = lint(cases[5][1], join(CHECKOUT, 'rules/windows/r.toml')).find((d) => d.code === 'attack-technique')!;
    expect(revoked.message).toContain('use T1059.001 instead');
    const named = lint(cases[1][1], join(CHECKOUT, 'rules/windows/r.toml')).find((d) => d.code === 'attack-technique')!;
    expect(named.fixes?.[0].edits[0].newText).toBe('"System Binary Proxy Execution"');
  });

  it('uses the redirects alone when the checkout has no ATT&CK data file', () => {
    expect(check(cases[5][1], 'rules/windows/r.toml', REDIRECTS_ONLY).filter(([c]) => c === 'attack-technique')).toEqual([['attack-technique', '"T1086"']]);
    // Without the data, names and tactics cannot be checked.
    expect(check(cases[1][1], 'rules/windows/r.toml', REDIRECTS_ONLY).filter(([c]) => c === 'attack-technique')).toEqual([]);
  });

  it('reads the lowest ATT&CK version of the checkout, once', () => {
    const data = parseAttack('x', { objects: [{ type: 'x-mitre-tactic', name: 'Defense Evasion', external_references: [{ external_id: 'TA0005' }] },
      { type: 'attack-pattern', name: 'Mshta', external_references: [{ source_name: 'mitre-attack', external_id: 'T1218.005' }], kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'defense-evasion' }] }] });
    expect([...data.techniques.get('T1218.005')!.tactics]).toEqual(['Defense Evasion']);
    // v1.2 (the full file) and not v1.10 or v2.0: the case table above passes only with it.
    expect(check(cases[0][1]).length).toBe(1);
  });
});

describe('building-block', () => {
  const cases: Case[] = [
    ['a building block outside rules_building_block/', edit('type = "query"', 'type = "query"\nbuilding_block_type = "default"').replace('from = "now-9m"', 'from = "now-119m"\ninterval = "60m"'),
      [['building-block', 'building_block_type']], 'rules/windows/r.toml'],
    ['a rule in rules_building_block/ without building_block_type', edit('building_block_type = "default"\n', '', BBR), [['building-block', '[rule]']], 'rules_building_block/b.toml'],
    ['building_block_type other than default', edit('building_block_type = "default"', 'building_block_type = "custom"', BBR), [['building-block', '"custom"']], 'rules_building_block/b.toml'],
    ['in a folder below rules_building_block/', BBR, [['building-block', 'building_block_type']], 'rules_building_block/sub/b.toml'],
    ['without the BBR tag', edit('    "Rule Type: BBR",\n', '', BBR), [['building-block', TAGS(VALID)]], 'rules_building_block/b.toml'],
    ['looking back too little', edit('from = "now-119m"', 'from = "now-60m"', BBR), [['building-block', '"now-60m"']], 'rules_building_block/b.toml'],
    ['running too often', edit('interval = "60m"', 'interval = "10m"', BBR), [['building-block', '"10m"']], 'rules_building_block/b.toml'],
    ['timing bypassed', edit('interval = "60m"', 'interval = "10m"', BBR).replace('maturity = "production"', 'maturity = "production"\nbypass_bbr_timing = true'), [], 'rules_building_block/b.toml'],
  ];
  it.each(cases)('%s', (_n, text, expected, rel) => expect(check(text, rel).filter(([c]) => c === 'building-block')).toEqual(expected));

  it('fixes a missing building_block_type', () => {
    const text = cases[1][1];
    const d = lint(text, join(CHECKOUT, 'rules_building_block/b.toml')).find((x) => x.code === 'building-block')!;
    const e = d.fixes![0].edits[0];
    expect(check(text.slice(0, e.span.start) + e.newText + text.slice(e.span.end), 'rules_building_block/b.toml')).toEqual([]);
  });
});

describe('investigation-guide', () => {
  const cases: Case[] = [
    ['high severity Elastic rule without Triage and analysis', edit('## Triage and analysis\n\n', ''), [['investigation-guide', VALID.match(/"""[\s\S]*?"""/)![0].replace('## Triage and analysis\n\n', '')]]],
    ['no note at all', edit(/note = """[\s\S]*?"""\n/, '').replace('    "Resources: Investigation Guide",\n', ''), [['investigation-guide', '[rule]']]],
    ['medium severity needs no guide', edit(/note = """[\s\S]*?"""\n/, '').replace('    "Resources: Investigation Guide",\n', '').replace('severity = "high"', 'severity = "medium"').replace('risk_score = 73', 'risk_score = 47'), []],
    ['rules of other authors need no guide', edit(/note = """[\s\S]*?"""\n/, '').replace('    "Resources: Investigation Guide",\n', '').replace('author = ["Elastic"]', 'author = ["Me"]'), []],
    ['Investigating heading without the rule name', edit('### Investigating Script Host From Office', '### Investigating Script Host'), [['investigation-guide', '### Investigating Script Host']]],
    ['the name matches without regard to case', edit('### Investigating Script Host From Office', '### Investigating script host from office'), []],
    ['guide without its tag', edit('    "Resources: Investigation Guide",\n', ''), [['investigation-guide', TAGS(VALID).replace('    "Resources: Investigation Guide",\n', '')]]],
    ['Setup heading at level 3', edit('Look at the parent process.', 'Look at the parent process.\n\n### Setup\n\nInstall it.'), [['investigation-guide', '### Setup']]],
    ['Setup heading in lower case', edit('Look at the parent process.', 'Look at the parent process.\n\n## setup\n\nInstall it.'), [['investigation-guide', '## setup']]],
    ['Setup in the note and in setup', edit('Look at the parent process.', 'Look at the parent process.\n\n## Setup\n\nInstall it.').replace('risk_score = 73', 'risk_score = 73\nsetup = "Install it."'), [['investigation-guide', '## Setup']]],
    ['a Config heading', edit('Look at the parent process.', 'Look at the parent process.\n\n## Configuration\n\nSet it.'), [['investigation-guide', '## Configuration']]],
    ['headings in code blocks do not count', edit('Look at the parent process.', 'Look at the parent process.\n\n```\n## Configuration\n```'), []],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(check(text).filter(([c]) => c === 'investigation-guide')).toEqual(expected));

  it('fixes the Setup heading and the missing tag', () => {
    for (const text of [cases[8][1], cases[6][1]]) {
      const d = lint(text, join(CHECKOUT, 'rules/windows/r.toml')).find((x) => x.code === 'investigation-guide')!;
      const e = d.fixes![0].edits[0];
      expect(check(text.slice(0, e.span.start) + e.newText + text.slice(e.span.end))).toEqual([]);
    }
  });
});

describe('missing-setup', () => {
  const ml = edit('integration = ["endpoint"]', 'integration = ["endpoint", "problemchild"]');
  const cases: Case[] = [
    ['a rule of an ML package without setup', ml, [['missing-setup', '[rule]']]],
    ['with setup', ml.replace('risk_score = 73', 'risk_score = 73\nsetup = "Install the jobs."'), []],
    ['max_signals = 1000 without the guide link', edit('risk_score = 73', 'risk_score = 73\nmax_signals = 1000\nsetup = "Nothing."'), [['missing-setup', '1000']]],
    ['max_signals = 1000 with it', edit('risk_score = 73', 'risk_score = 73\nmax_signals = 1000\nsetup = "See https://www.elastic.co/guide/en/security/current/alerts-ui-monitor.html#troubleshoot-max-alerts."'), []],
    ['other max_signals need nothing', edit('risk_score = 73', 'risk_score = 73\nmax_signals = 500'), []],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(check(text).filter(([c]) => c === 'missing-setup')).toEqual(expected));
});

describe('gating', () => {
  const broken = edit('"Tactic: Defense Evasion",', '"Tactic: Execution",');
  it('is off outside a checkout, on when set', () => {
    expect(lint(broken, join(tmpdir(), 'elsewhere', 'r.toml')).map((d) => d.code)).toEqual([]);
    expect(lint(broken, join(tmpdir(), 'elsewhere', 'r.toml'), new Linter({ rules: { 'tactic-tag': 'warning' } })).map((d) => `${d.code} ${d.severity}`)).toEqual(['tactic-tag warning']);
  });
  it('can be turned off inside a checkout', () => {
    expect(lint(broken, join(CHECKOUT, 'rules/windows/r.toml'), new Linter({ rules: { 'tactic-tag': 'off' } }))).toEqual([]);
  });
});
