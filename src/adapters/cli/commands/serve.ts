/**
 * `drugclaim serve [--port 8080] [--host 127.0.0.1]`: the HTTP API, its OpenAPI document (/openapi.json, /docs)
 * and the web app (web/dist, built by `npm run build`) from one process.
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 86_400)
    throw new InvalidArgumentError('a number of seconds from 0 to 86400');
  return n;
}

function parseMebibytes(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1 || n > 4096)
    throw new InvalidArgumentError('a whole number of MiB from 1 to 4096');
  return n;
}

/** Names proxy-addr (Fastify's trustProxy) knows for address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `--trust-proxy` alone trusts a proxy on this machine (loopback: the TLS terminator beside drugclaim); a value is the
 * proxies' addresses or CIDRs, comma-separated. Never "every hop": then the leftmost X-Forwarded-For entry, which the
 * client writes, would become its address (audit log, rate limits). No hop count either: it cannot tell the proxy
 * from a client that connects directly (Fastify 5 treats a number as "trust nothing" for that reason).
 */
export function parseTrustProxy(value: string | true): string {
  if (value === true) return 'loopback';
  const parts = value.split(',').map((p) => p.trim());
  for (const part of parts) {
    const [address, bits, extra] = part.split('/');
    const family = isIP(address ?? '');
    const ok =
      RANGE_NAMES.has(part) ||
      (family !== 0 &&
        extra === undefined &&
        (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))));
    if (!ok)
      throw new InvalidArgumentError(
        `"${part}" is not an address, a CIDR range (10.0.0.0/8) or loopback, linklocal, uniquelocal`,
      );
  }
  return parts.join(',');
}

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the HTTP API and the web app (reference data is imported first from $DRUGCLAIM_DATA_DIR when the store is empty)',
    )
    .option('--port <port>', 'TCP port', parsePort, 8080)
    .option(
      '--host <host>',
      'address to listen on (0.0.0.0 for every interface: put TLS in front)',
      '127.0.0.1',
    )
    .option('--private-reference', 'require sign-in for reference lookups too (default: public)')
    .option(
      '--trust-proxy [proxies]',
      'trust X-Forwarded-* only from these reverse proxies: addresses or CIDRs, comma-separated (alone: a proxy on this machine, loopback)',
      parseTrustProxy,
    )
    .option(
      '--reload-interval <seconds>',
      'how often to look for reference data imported into the store by another process (0: never)',
      parseSeconds,
      10,
    )
    .option(
      '--upload-limit <MiB>',
      'largest claim or remittance file accepted by upload (held in memory while it is read)',
      parseMebibytes,
      50,
    )
    .action(
      async (opts: {
        port: number;
        host: string;
        privateReference?: boolean;
        trustProxy?: string | true;
        reloadInterval: number;
        uploadLimit: number;
      }) => {
        // Loaded here, not at the top: the HTTP stack is most of the CLI's start-up time and memory.
        const { DEFAULT_WEB_ROOT } = await import('../../http/app.ts');
        const { startServer } = await import('../../http/server.ts');
        if (!existsSync(join(DEFAULT_WEB_ROOT, 'index.html'))) {
          process.stderr.write(
            'drugclaim: the web app is not built (web/dist); run "npm run build" for it. The API works without it.\n',
          );
        }
        const server = await startServer({
          port: opts.port,
          host: opts.host,
          config: {
            publicReference: !opts.privateReference,
            // The parser ran on a given value; the flag alone arrives as true.
            trustProxy: opts.trustProxy === undefined ? false : parseTrustProxy(opts.trustProxy),
            uploadLimitBytes: opts.uploadLimit * 1024 * 1024,
          },
          reloadIntervalMs: opts.reloadInterval * 1000,
        });
        process.stderr.write(
          `drugclaim: listening on ${server.listening} (web app /, API /api, docs /docs)\n`,
        );
        // Plain HTTP beyond this machine: passwords, session cookies and claims would cross the network in clear.
        if (!/^http:\/\/(127\.|\[::1\]|localhost)/.test(server.listening) && opts.trustProxy === undefined)
          process.stderr.write(
            'drugclaim: warning: this is plain HTTP on a network interface; put a TLS proxy in front and start with --trust-proxy (docs/http.md, "Behind a proxy").\n',
          );
        let closing = false;
        const stop = (signal: string) => {
          if (closing) return;
          closing = true;
          process.stderr.write(`drugclaim: ${signal}, closing…\n`);
          server.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      },
    );
}
