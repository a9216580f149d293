import type { CheckReport, Located } from './locate';
import { addTo } from '../core/group';

const escapeXml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 cannot carry at all, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');

/** JUnit XML for CI dashboards: a suite per checked file, a failing case per finding, one passing case for a clean file. */
export function formatJunit(report: CheckReport): string {
  const byFile = new Map<string, Located[]>(report.files.map((f) => [f, []]));
  for (const l of report.findings) addTo(byFile, l.file, l);
  const suites = [...byFile].map(([file, findings]) => {
    const cases = findings.length
      ? findings.map((l) => {
          const where = `${l.file}:${l.line}:${l.column}`;
          const failure = `<failure${attributes({ message: l.finding.message, type: l.finding.severity })}>${escapeXml(`${where} ${l.finding.severity} ${l.finding.message} (${l.finding.ruleId})`)}</failure>`;
          return `    <testcase${attributes({ name: `${l.finding.ruleId} at ${l.line}:${l.column}`, classname: file })}>${failure}</testcase>`;
        })
      : [`    <testcase${attributes({ name: 'no findings', classname: file })}/>`];
    const counts = { name: file, tests: cases.length, failures: findings.length, errors: 0 };
    return [`  <testsuite${attributes(counts)}>`, ...cases, '  </testsuite>'].join('\n');
  });
  const total = { name: 'migration-guard', tests: [...byFile.values()].reduce((n, f) => n + Math.max(f.length, 1), 0), failures: report.findings.length, errors: 0 };
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes(total)}>`, ...suites, '</testsuites>', ''].join('\n');
}
