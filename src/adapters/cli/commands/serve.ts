/**
 * `drugclaim serve [--port 8080] [--host 127.0.0.1]`: the HTTP API, its OpenAPI document (/openapi.json, /docs)
 * and the web app (web/dist, built by `npm run build`) from one process.
 */
import { existsSync } from 'node:fs';
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
    .option('--trust-proxy', 'trust X-Forwarded-* from a reverse proxy (TLS terminator)')
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
        trustProxy?: boolean;
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
            trustProxy: opts.trustProxy === true,
            uploadLimitBytes: opts.uploadLimit * 1024 * 1024,
          },
          reloadIntervalMs: opts.reloadInterval * 1000,
        });
        process.stderr.write(`drugclaim: listening on ${server.url} (web app /, API /api, docs /docs)\n`);
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
