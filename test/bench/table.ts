// The one table `npm run bench` prints, in Markdown.
export type Verdict = 'PASS' | 'FAIL' | 'info';

export type Row = {
  measure: string;
  /** The figure; two runs as "run 1 / run 2". */
  figure: string;
  baseline?: string;
  ratio?: string;
  target?: string;
  verdict: Verdict;
  /** Appended to the result, e.g. "(1 of 2 runs)". */
  note?: string;
};

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
export const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(2);
export const integer = (value: number) => Math.round(value).toLocaleString('en');
export const kB = (bytes: number) => (bytes / 1000).toFixed(1);
export const MiB = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
export const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
export const runs = <T>(values: T[], format: (value: T) => string) => values.map(format).join(' / ');

/** PASS only when every run passes; says how many failed otherwise. */
export function verdictOf(passed: boolean[]): Verdict {
  return passed.length > 0 && passed.every(Boolean) ? 'PASS' : 'FAIL';
}

export function failedNote(passed: boolean[]): string {
  const failed = passed.filter((p) => !p).length;
  return failed > 0 && failed < passed.length ? ` (${failed} of ${passed.length} runs)` : '';
}

const escape = (cell: string) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function markdownTable(rows: Row[]): string {
  const header = ['#', 'measure', 'figure (run 1 / run 2)', 'baseline', 'ratio', 'target', 'result'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((h) => (h === '#' ? '--:' : '---')).join('|')}|`];
  rows.forEach((row, i) => {
    const result = `${row.verdict === 'FAIL' ? '**FAIL**' : row.verdict}${row.note ?? ''}`;
    const cells = [String(i + 1), row.measure, row.figure, row.baseline ?? '—', row.ratio ?? '—', row.target ?? '—', result];
    lines.push(`| ${cells.map(escape).join(' | ')} |`);
  });
  return lines.join('\n');
}
