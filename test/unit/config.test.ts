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
