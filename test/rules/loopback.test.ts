/**
 * The one rule for loopback hosts, which the client, the constructs, the handler and the emulator
 * share.
 */
import { isLoopbackHost } from '../../src/rules/loopback';

describe('isLoopbackHost', () => {
  test.each(['127.0.0.1', '127.1.2.3', '127.255.255.255', 'localhost', 'LocalHost', 'localhost.', '127.0.0.1.', '::1', '[::1]'])(
    '%s is loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  test.each(['0.0.0.0', '128.0.0.1', '127.0.0.256', '127.0.0.01', '127.1', '::', '[::]', 'localhost.example.com', '127.0.0.1.example.com', 'localhost:8080', ''])(
    '%s is not loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  test('every spelling URL parsing turns into a loopback host is recognised after parsing', () => {
    for (const url of ['http://127.1/', 'http://0x7f.0.0.1/', 'http://2130706433/', 'http://[0:0:0:0:0:0:0:1]/', 'http://LOCALHOST./']) {
      expect(isLoopbackHost(new URL(url).hostname)).toBe(true);
    }
  });
});
