import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Severity } from '../core/model';
import { packageRoot } from '../core/rules/docs';
import type { RuleMeta } from '../core/rules/types';
import type { CheckReport } from './locate';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8'));
const repository: string = pkg.repository.url.replace(/\.git$/, '');

/** Where a rule's page is on the web: a SARIF viewer (GitHub code scanning) cannot open a local file. */
export const ruleHelpUri = (id: string) => `${repository}/blob/main/docs/rules/${id}.md`;

/** SARIF 2.1.0, as GitHub code scanning takes it: one run, every rule's metadata, 1-based regions. */
export function formatSarif(report: CheckReport, checks: RuleMeta[]): string {
  const index = new Map(checks.map((m, i) => [m.id, i]));
  const rules = checks.map((m) => ({
    id: m.id,
    shortDescription: { text: m.summary },
    helpUri: ruleHelpUri(m.id),
    defaultConfiguration: { level: levels[m.defaultSeverity] },
    properties: { category: m.category },
  }));
  const results = report.findings.map((l) => ({
    ruleId: l.finding.ruleId,
    ...(index.has(l.finding.ruleId) ? { ruleIndex: index.get(l.finding.ruleId) } : {}),
    level: levels[l.finding.severity],
    message: { text: l.finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(l.file) },
          region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn },
        },
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: pkg.name, version: pkg.version, informationUri: repository, rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
