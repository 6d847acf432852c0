import t, { type Test } from 'tap';
import { sql } from 'drizzle-orm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/database.ts';
import { createGroupCommit } from '../../db/group-commit.ts';

function setup(t: Test) {
  const database = openDatabase(join(mkdtempSync(join(tmpdir(), 'qauipsiz-gc-')), 'gc.db'));
  t.teardown(database.close);
  database.sqlite.exec('create table items (id integer primary key, label text not null)');
  const writer = createGroupCommit(database.db, (tx, item: { id: number; label: string }) => {
    tx.run(sql`insert into items (id, label) values (${item.id}, ${item.label})`);
  });
  const stored = () => (database.sqlite.prepare('select id from items order by id').all() as { id: number }[]).map((r) => r.id);
  return { database, writer, stored };
}

t.test('concurrent writes share one transaction and all resolve once committed', async (t) => {
  const { writer, stored } = setup(t);
  await Promise.all(Array.from({ length: 50 }, (_, i) => writer.write({ id: i + 1, label: `item ${i}` })));
  t.equal(stored().length, 50);
  t.equal(writer.largestBatch(), 50, 'one batch for writes that arrived together');
});

t.test('a failing write is rejected alone; the rest of its batch commits', async (t) => {
  const { writer, stored } = setup(t);
  await writer.write({ id: 1, label: 'first' });
  const results = await Promise.allSettled([writer.write({ id: 2, label: 'a' }), writer.write({ id: 1, label: 'duplicate' }), writer.write({ id: 3, label: 'b' })]);
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  t.match((results[1] as PromiseRejectedResult).reason, { cause: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } });
  t.same(stored(), [1, 2, 3]);
});

t.test('when the commit itself fails, no write of the batch is acknowledged', async (t) => {
  const { database, writer, stored } = setup(t);
  database.sqlite.exec("create trigger refuse_commit before insert on items when new.label = 'poison' begin select raise(abort, 'refused'); end");
  const results = await Promise.allSettled([writer.write({ id: 1, label: 'ok' }), writer.write({ id: 2, label: 'poison' })]);
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected']);
  t.same(stored(), [1]);
  database.close();
  const afterClose = await Promise.allSettled([writer.write({ id: 3, label: 'x' }), writer.write({ id: 4, label: 'y' })]);
  t.same(afterClose.map((r) => r.status), ['rejected', 'rejected'], 'nothing is acknowledged when the database cannot commit');
});
