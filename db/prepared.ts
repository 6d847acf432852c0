// Prepared queries, built once per connection. drizzle otherwise builds and prepares the SQL on
// every call; on the intake path that was a third of the server's time per report (measured).
const cache = new WeakMap<object, Map<string, unknown>>();

export function preparedOnce<T>(connection: object, name: string, build: () => T): T {
  let statements = cache.get(connection);
  if (!statements) cache.set(connection, (statements = new Map()));
  if (!statements.has(name)) statements.set(name, build());
  return statements.get(name) as T;
}
