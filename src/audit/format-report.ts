import type { AuditFailure } from './audit-failure.js';
import type { VerificationReport } from './verify-log.js';

const CHECK_TITLES = {
  schema: '(a) every event parses against its schema version',
  revisions: '(b) every stream\'s revisions follow without gap',
  chain: '(b) every stream\'s hash chain is intact',
  pointers: '(c) corrections and retractions point at existing events',
  'read-models': '(d) rebuilt read models agree with each other and the live ones',
  anchor: 'nothing recorded before the anchor was removed or rewritten',
} as const;

export function formatFailure(f: AuditFailure): string {
  const where = f.stream !== undefined ? `${f.stream}@${f.revision ?? '?'}${f.position !== undefined ? ` (position ${f.position})` : ''}: ` : '';
  return `    ${where}${f.message}`;
}

/** The report for people: one line per check, then the first bad event of each failing stream. */
export function formatReport(report: VerificationReport): string {
  const lines = [`concord verify: ${report.events} events in ${report.streams} streams up to position ${report.position ?? 'none'} (${report.durationMs} ms)`];
  for (const check of report.checks) {
    const mark = check.skipped ? 'SKIP' : check.ok ? 'ok  ' : 'FAIL';
    lines.push(`  ${mark} ${CHECK_TITLES[check.check]}${check.skipped ? `: ${check.skipped}` : check.ok ? '' : ` (${check.failures} failure${check.failures === 1 ? '' : 's'})`}`);
    for (const failure of report.failures.filter((f) => f.check === check.check)) lines.push(formatFailure(failure));
  }
  lines.push(`  read-model digest ${report.digests.rebuilt[0]}${report.digests.live ? ` (live ${report.digests.live})` : ''}`);
  if (report.anchor) lines.push(`  anchor ${report.anchor.digest} at position ${report.anchor.position ?? 'none'}`);
  lines.push(report.ok ? 'verified: all checks hold' : 'NOT verified: see the failures above');
  return lines.join('\n');
}
