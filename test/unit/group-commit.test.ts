import t, { type Test } from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/database.ts';
import { createGroupCommit, WriteError } from '../../db/group-commit.ts';
import { savepointCommitter } from '../../db/writer-core.js';

function setup(t: Test) {
  const database = openDatabase(join(mkdtempSync(join(tmpdir(), 'qauipsiz-gc-')), 'gc.db'));
  t.teardown(database.close);
  database.sqlite.exec('create table items (id integer primary key, label text not null)');
  const insert = database.sqlite.prepare('insert into items (id, label) values (?, ?)');
  const batches: number[] = [];
  const commit = savepointCommitter(database.sqlite, (item: { id: number; label: string }) => insert.run(item.id, item.label));
  const writer = createGroupCommit((batch: { id: number; label: string }[]) => {
    batches.push(batch.length);
    return commit(batch);
  });
  const stored = () => (database.sqlite.prepare('select id from items order by id').all() as { id: number }[]).map((r) => r.id);
  return { database, writer, stored, batches };
}

t.test('concurrent writes share one transaction and all resolve once committed', async (t) => {
  const { writer, stored, batches } = setup(t);
  await Promise.all(Array.from({ length: 50 }, (_, i) => writer.write({ id: i + 1, label: `item ${i}` })));
  t.equal(stored().length, 50);
  t.same(batches, [50], 'one batch for writes that arrived together');
  t.equal(writer.largestBatch(), 50);
});

t.test('writes that arrive while a commit runs wait for the next one, and none is lost', async (t) => {
  const committed: number[][] = [];
  let release: () => void = () => {};
  const writer = createGroupCommit(async (batch: number[]) => {
    committed.push(batch);
    if (committed.length === 1) await new Promise<void>((resolve) => (release = resolve));
    return batch.map(() => ({ ok: true as const }));
  });
  const first = writer.write(1);
  await new Promise((resolve) => setImmediate(resolve));
  const later = [writer.write(2), writer.write(3)];
  await new Promise((resolve) => setImmediate(resolve));
  t.same(committed, [[1]], 'the second batch waits while the first is committing');
  release();
  await Promise.all([first, ...later]);
  t.same(committed, [[1], [2, 3]]);
});

t.test('a commit takes at most maxBatch writes; the rest follow in order', async (t) => {
  const committed: number[][] = [];
  const writer = createGroupCommit(
    (batch: number[]) => {
      committed.push(batch);
      return batch.map(() => ({ ok: true as const }));
    },
    () => {},
    4,
  );
  await Promise.all(Array.from({ length: 10 }, (_, i) => writer.write(i)));
  t.same(committed, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
});

t.test('a failing write is rejected alone; the rest of its batch commits', async (t) => {
  const { writer, stored } = setup(t);
  await writer.write({ id: 1, label: 'first' });
  const results = await Promise.allSettled([writer.write({ id: 2, label: 'a' }), writer.write({ id: 1, label: 'duplicate' }), writer.write({ id: 3, label: 'b' })]);
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  const reason = (results[1] as PromiseRejectedResult).reason as WriteError;
  t.ok(reason instanceof WriteError);
  t.equal(reason.code, 'SQLITE_CONSTRAINT_PRIMARYKEY');
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

t.test('close waits for writes already asked for, then refuses new ones', async (t) => {
  const { writer, stored } = setup(t);
  const early = [writer.write({ id: 1, label: 'a' }), writer.write({ id: 2, label: 'b' })];
  await writer.close();
  await Promise.all(early);
  t.same(stored(), [1, 2], 'both committed before close returned');
  await t.rejects(writer.write({ id: 3, label: 'c' }), { code: 'CLOSED' });
  t.same(stored(), [1, 2]);
});
