/**
 * Which hosts are loopback, dependency-free: the client, the constructs and the handler accept
 * plain http:// only to them, and the emulator listens only on them. One rule for all, so that a
 * base URL the construct accepts at synth is one the client accepts at apply.
 */

/** One octet of a dotted quad as URL parsing writes it: 0 to 255, no leading zero. */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const LOOPBACK_IPV4 = new RegExp(`^127\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/**
 * True for 127.0.0.0/8 in its normalized dotted-quad form (URL parsing turns `127.1` or
 * `0x7f.0.0.1` into it), `::1` bracketed or bare, and `localhost`; case-insensitive, with an
 * optional trailing dot. A host name only: no port.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === '::1' || h === '[::1]') return true;
  const name = h.endsWith('.') ? h.slice(0, -1) : h;
  return name === 'localhost' || LOOPBACK_IPV4.test(name);
}
