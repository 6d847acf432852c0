import t from 'tap';
import { ConfigError, dayIn, loadConfig } from '../../server/config.ts';

t.test('defaults bind to loopback with the documented ports', async (t) => {
  const config = loadConfig({});
  t.equal(config.host, '127.0.0.1');
  t.equal(config.port, 8080);
  t.equal(config.consolePort, 8081);
  t.match(config.dataDir, /\/data$/);
  t.equal(config.timeZone, 'Asia/Almaty');
});

t.test('values from the environment are typed', async (t) => {
  const config = loadConfig({ HOST: '0.0.0.0', PORT: '9000', CONSOLE_PORT: '9001', DATA_DIR: '/srv/q', LOG_LEVEL: 'warn' });
  t.same([config.host, config.port, config.consolePort, config.dataDir, config.logLevel], ['0.0.0.0', 9000, 9001, '/srv/q', 'warn']);
});

t.test('a bad value stops the start with a message that names it', async (t) => {
  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT must be integer \(got "eighty"\)/],
    [{ PORT: '70000' }, /PORT must be <= 65535/],
    [{ CONSOLE_PORT: '-1' }, /CONSOLE_PORT must be >= 0/],
    [{ PORT: '9000', CONSOLE_PORT: '9000' }, /PORT and CONSOLE_PORT must differ/],
    [{ TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE must be an IANA time zone/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be equal to one of the allowed values/],
    [{ HOST: '' }, /HOST must NOT have fewer than 1 characters/],
  ];
  for (const [env, message] of bad) t.throws(() => loadConfig(env), { constructor: ConfigError, message }, JSON.stringify(env));
});

t.test('days are taken in the deployment time zone', async (t) => {
  t.equal(dayIn('Asia/Almaty', new Date('2026-11-25T18:59:59Z')), '2026-11-25');
  t.equal(dayIn('Asia/Almaty', new Date('2026-11-25T19:00:00Z')), '2026-11-26');
  t.equal(dayIn('UTC', new Date('2026-11-25T19:00:00Z')), '2026-11-25');
});

t.test('slow-client limits: defaults, values, and a headers limit longer than the request limit refused', async (t) => {
  t.same(loadConfig({}).connections, {
    requestTimeoutSeconds: 30,
    headersTimeoutSeconds: 10,
    idleTimeoutSeconds: 15,
    keepAliveTimeoutSeconds: 10,
    maxConnections: 1000,
    maxUnfinishedBodies: 128,
    maxUnfinishedBodiesPerAddress: 32,
  });
  const off = loadConfig({ REQUEST_TIMEOUT_SECONDS: '0', HEADERS_TIMEOUT_SECONDS: '60', IDLE_TIMEOUT_SECONDS: '0', MAX_CONNECTIONS: '0', MAX_UNFINISHED_BODIES: '0', MAX_UNFINISHED_BODIES_PER_ADDRESS: '0' });
  t.same([off.connections.requestTimeoutSeconds, off.connections.headersTimeoutSeconds, off.connections.maxUnfinishedBodies], [0, 60, 0], '0 turns a limit off');
  t.throws(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '5', HEADERS_TIMEOUT_SECONDS: '10' }), { constructor: ConfigError, message: /HEADERS_TIMEOUT_SECONDS \(10\) must not exceed REQUEST_TIMEOUT_SECONDS \(5\)/ });
  t.throws(() => loadConfig({ KEEP_ALIVE_TIMEOUT_SECONDS: '0' }), { constructor: ConfigError, message: /KEEP_ALIVE_TIMEOUT_SECONDS must be >= 1/ });
  t.throws(() => loadConfig({ MAX_UNFINISHED_BODIES: 'many' }), { constructor: ConfigError, message: /MAX_UNFINISHED_BODIES must be integer/ });
});
