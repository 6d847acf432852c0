// The console's case queue at 100,000 cases: the real route (GET /api/console/cases) on the real
// app over a file database, as a logged-in inspector sees it. In-process (app.inject), so the
// figures are the server's handling time: session, SQL, counters and serialisation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recomputeDeadlines } from '../../server/shared/settings.ts';
import { as, createStaff, login } from '../helpers/console.ts';
import { buildHarness } from '../helpers/fixtures.ts';

export type QueueFigure = { name: string; p50: number; p99: number; rows: number };

const statuses = ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'] as const;
const categories = ['concealed_injury', 'concealed_injury.recorded_as_domestic', 'near_miss', 'unsafe_conditions', 'missing_ppe', 'production_pressure'];
const regions = ['10', '11', '15', '19', '23', '27', '31', '33', '35', '39', '43', '47', '55', '59', '61', '62', '63', '71', '75', '79'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function measureConsoleQueue(options: { cases: number; iterations: number }): Promise<{ seedSeconds: number; figures: QueueFigure[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'qauipsiz-bench-queue-'));
  const h = await buildHarness({ databasePath: join(dir, 'queue.db') });
  try {
    const inspector = createStaff(h, 'inspector', { groups: ['region-75'] });
    const seedStart = performance.now();
    const sqlite = h.database.sqlite;
    const insertReport = sqlite.prepare(
      "insert into reports (id, envelope_version, region, industry, category, group_id, received_day, status) values (?, 1, ?, 'F', ?, ?, ?, ?)",
    );
    const insertWrap = sqlite.prepare('insert into report_key_wraps (report_id, recipient_id, wrap) values (?, ?, ?)');
    const wrap = Buffer.alloc(81, 1);
    sqlite.transaction(() => {
      for (let i = 0; i < options.cases; i++) {
        const region = regions[i % regions.length]!;
        const id = `bench-case-${String(i).padStart(8, '0')}`;
        const day = new Date(Date.UTC(2025, 10, 26) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
        insertReport.run(id, region, categories[i % categories.length], `region-${region}`, day, statuses[(i * 7) % statuses.length]);
        if (region === '75' || i % 1000 === 0) insertWrap.run(id, inspector.id, wrap); // their group's cases, and a few shared with them
      }
    })();
    recomputeDeadlines(h.database.db, true);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const api = as(h.consoleApp, await login(h.consoleApp, inspector));
    const variants: [string, (i: number) => string][] = [
      ['first page (newest first)', () => '/cases'],
      ['status = new', () => '/cases?status=new'],
      ['overdue only', () => '/cases?overdue=true'],
      ['sorted by deadline', () => '/cases?sort=deadline&order=asc'],
      ['category + region filter', () => '/cases?category=near_miss&region=75'],
      ['a random page of 50', (i) => `/cases?page=${1 + ((i * 13) % 80)}`],
    ];
    const figures: QueueFigure[] = [];
    for (const [name, url] of variants) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < options.iterations; i++) {
        const started = performance.now();
        const res = await api.get(url(i));
        times.push(performance.now() - started);
        if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
        rows = (res.json() as { total: number }).total;
      }
      times.sort((a, b) => a - b);
      figures.push({ name, p50: percentile(times, 50), p99: percentile(times, 99), rows });
    }
    return { seedSeconds, figures };
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { seedSeconds, figures } = await measureConsoleQueue({ cases: 100_000, iterations: 100 });
  console.log(`seeded 100,000 cases in ${seedSeconds.toFixed(1)} s`);
  for (const f of figures) console.log(`${f.name.padEnd(28)} p50 ${f.p50.toFixed(2)} ms  p99 ${f.p99.toFixed(2)} ms  (${f.rows} cases match)`);
}
