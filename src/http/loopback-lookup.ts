/**
 * A DNS lookup that answers `localhost` itself. Plain http is allowed to loopback hosts only (see
 * `isLoopbackHost`), so the name `localhost` must mean this machine: asking a resolver instead would
 * let a hosts file or a DNS server send tokens in clear text elsewhere. Every other name is looked up
 * as usual.
 */
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';

type Callback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

const LOOPBACK: readonly LookupAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

export function loopbackLookup(hostname: string, options: LookupOptions, callback: Callback): void {
  if (hostname.toLowerCase() !== 'localhost') {
    // Read at call time (not imported by name), like Node's own sockets do.
    (dns.lookup as (host: string, options: LookupOptions, callback: Callback) => void)(
      hostname,
      options,
      callback,
    );
    return;
  }
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
  const addresses = LOOPBACK.filter((a) => !family || a.family === family);
  if (options.all)
    callback(
      null,
      addresses.map((a) => ({ ...a })),
    );
  else callback(null, addresses[0]?.address ?? '127.0.0.1', addresses[0]?.family ?? 4);
}
