import type { RunReport } from './run.js';

const count = (n: number) => n.toLocaleString('en');

/** Rejections grouped by kind and reason, most frequent first. */
export function rejectionsByReason(
  report: Pick<RunReport, 'rejections'>,
): { kind: 'reading' | 'garbage'; reason: string; payloads: number }[] {
  const groups = new Map<
    string,
    { kind: 'reading' | 'garbage'; reason: string; payloads: number }
  >();
  for (const { kind, reason, payloads } of report.rejections) {
    const key = `${kind}\u0000${reason}`;
    const group = groups.get(key) ?? { kind, reason, payloads: 0 };
    groups.set(key, { ...group, payloads: group.payloads + payloads });
  }
  return [...groups.values()].sort(
    (a, b) => b.payloads - a.payloads || a.reason.localeCompare(b.reason),
  );
}

/** Readings the producer refused: the run did not do what the plan says. */
export const rejectedReadings = (report: Pick<RunReport, 'rejections'>): number =>
  report.rejections.reduce((n, r) => (r.kind === 'reading' ? n + r.payloads : n), 0);

/** The final summary, one fact a line. */
export function summaryText(report: RunReport, via: string): string {
  const rejected = rejectionsByReason(report);
  const total = rejected.reduce((n, r) => n + r.payloads, 0);
  const rate = report.seconds > 0 ? report.readings / report.seconds : 0;
  const lines = [
    `simulated ${count(report.devices)} devices via ${via}${report.interrupted ? ' (interrupted)' : ''}`,
    `  commands   ${count(report.commands)}`,
    `  readings   ${count(report.readings)}`,
    `  garbage    ${count(report.garbage)}`,
    `  rejected   ${count(total)}${total === 0 ? '' : ' by the producer:'}`,
    ...rejected.map((r) => `    ${count(r.payloads).padStart(8)} ${r.kind.padEnd(7)} ${r.reason}`),
    `  seconds    ${report.seconds.toFixed(1)}`,
    `  readings/s ${rate.toFixed(1)}`,
  ];
  return `${lines.join('\n')}\n`;
}
