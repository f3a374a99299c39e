/**
 * `drugclaim user …`: accounts of the HTTP service and the web app, in the same store file ($DRUGCLAIM_DB).
 *
 *   drugclaim user add NAME --admin|--role viewer|biller|admin [--password-stdin] [--token-only]
 *   drugclaim user list [--json]
 *   drugclaim user set NAME [--role R] [--disable|--enable] [--password|--password-stdin]
 *   drugclaim user token NAME [--label TEXT] [--expires-days N] [--json]   (prints the token once)
 *   drugclaim user tokens [NAME] [--json]
 *   drugclaim user revoke TOKEN_ID
 *   drugclaim user unlock NAME                                           (clears a sign-in lockout)
 *
 * The first account must be an admin (`user add` refuses another role while no account is an active admin): only an
 * admin can add users and set roles afterwards.
 *
 * Exit codes: 0 done, 1 refused (unknown user, name taken, weak password), 2 usage (also a first account without
 * --admin) or store error.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { openDatabase } from '../../store/database.ts';
import {
  AccountError,
  AccountStore,
  isRole,
  TOKEN_DEFAULT_DAYS,
  TOKEN_MAX_DAYS,
  type ApiToken,
  type Role,
  type User,
} from '../../store/accounts/index.ts';
import { passwordProblem } from '../../store/accounts/password.ts';
import { EXIT_ERROR, EXIT_NO, eprintln, formatTable, printJson, println } from '../output.ts';
import { auditCli, type CliAuditRow } from './audit.ts';

function parseRole(value: string): Role {
  if (!isRole(value)) throw new InvalidArgumentError('a role is viewer, biller or admin');
  return value;
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > TOKEN_MAX_DAYS)
    throw new InvalidArgumentError(`days from 1 to ${TOKEN_MAX_DAYS}`);
  return n;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  // One trailing newline (echo "…" |) is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const cleanup = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') {
          cleanup();
          stderr.write('\n');
          resolve(value);
          return;
        }
        if (c === '\u0003' || c === '\u0004') {
          cleanup();
          stderr.write('\n');
          reject(new Error('cancelled'));
          return;
        }
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The new password of `username` from stdin (--password-stdin) or typed twice on a terminal; undefined after printing
 * why not (too short, common, containing the user name…).
 */
async function newPassword(fromStdin: boolean, username: string): Promise<string | undefined> {
  let password: string;
  if (fromStdin) {
    password = await readStdin();
  } else if (process.stdin.isTTY) {
    password = await promptHidden('New password: ');
    const again = await promptHidden('Again: ');
    if (again !== password) {
      eprintln('drugclaim: the two passwords differ.');
      process.exitCode = EXIT_NO;
      return undefined;
    }
  } else {
    eprintln('drugclaim: no terminal to type a password on; pipe it with --password-stdin.');
    process.exitCode = EXIT_ERROR;
    return undefined;
  }
  const problem = passwordProblem(password, username);
  if (problem) {
    eprintln(`drugclaim: ${problem}`);
    process.exitCode = EXIT_NO;
    return undefined;
  }
  return password;
}

/** Runs `fn` on the store's accounts; `audit` writes the command's audit row(s) (actor: the OS user). */
function withAccounts<T>(
  fn: (accounts: AccountStore, audit: (...rows: CliAuditRow[]) => void) => Promise<T>,
): Promise<T> {
  const db = openDatabase();
  return fn(new AccountStore(db), (...rows) => auditCli(db, ...rows)).finally(() => db.close());
}

function refused(err: unknown): void {
  if (err instanceof AccountError) {
    eprintln(`drugclaim: ${err.message}`);
    process.exitCode = EXIT_NO;
    return;
  }
  throw err;
}

function mustFind(accounts: AccountStore, name: string): User | undefined {
  const user = accounts.findUser(name);
  if (!user) {
    eprintln(`drugclaim: no user "${name}".`);
    process.exitCode = EXIT_NO;
  }
  return user;
}

const tokenRow = (t: ApiToken, users: Map<number, string>): string[] => [
  String(t.id),
  users.get(t.userId) ?? String(t.userId),
  t.name,
  `${t.prefix}…`,
  t.createdAt.slice(0, 10),
  t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '—',
  t.revokedAt
    ? 'revoked'
    : t.expiresAt && t.expiresAt <= new Date().toISOString()
      ? 'expired'
      : t.expiresAt
        ? `until ${t.expiresAt.slice(0, 10)}`
        : 'active',
];

export function register(program: Command): void {
  const user = program
    .command('user')
    .description('Accounts of the HTTP service and web app: users, roles, API tokens');

  user
    .command('add')
    .description(
      'Create a user (the first one must be an admin: --admin). Passwords: at least 12 characters, not all digits, not containing the user name, not a common password or keyboard run',
    )
    .argument('<name>', 'user name (letters, digits, . _ @ -)')
    .option('--admin', 'same as --role admin')
    .option('--role <role>', 'viewer, biller or admin', parseRole)
    .option('--password-stdin', 'read the password from standard input instead of prompting')
    .option('--token-only', 'no password: the account signs in with API tokens only')
    .action(
      async (
        name: string,
        opts: { admin?: boolean; role?: Role; passwordStdin?: boolean; tokenOnly?: boolean },
      ) => {
        if (opts.admin && opts.role && opts.role !== 'admin') {
          eprintln('drugclaim: --admin and --role disagree; give one of them.');
          process.exitCode = EXIT_ERROR;
          return;
        }
        const role: Role | undefined = opts.admin ? 'admin' : opts.role;
        if (!role) {
          eprintln('drugclaim: give a role: --admin or --role viewer|biller|admin.');
          process.exitCode = EXIT_ERROR;
          return;
        }
        await withAccounts(async (accounts, audit) => {
          if (accounts.findUser(name))
            return refused(new AccountError('username-taken', `User "${name}" already exists.`));
          // Only an admin can add users and set roles afterwards (web app, API): a store whose accounts hold no
          // admin could never be managed from there. Said before a password is asked for.
          if (role !== 'admin' && accounts.activeAdminCount() === 0) {
            eprintln(
              accounts.userCount() === 0
                ? `drugclaim: the first account must be an admin: only an admin can add users and set roles afterwards. Create it with: drugclaim user add ${name} --admin (then add the others with their roles).`
                : `drugclaim: no account is an active admin, so nobody could manage "${name}" afterwards: add an admin first (drugclaim user add NAME --admin), or make an account one (drugclaim user set NAME --role admin --enable).`,
            );
            process.exitCode = EXIT_ERROR;
            return;
          }
          const password = opts.tokenOnly ? undefined : await newPassword(opts.passwordStdin === true, name);
          if (!opts.tokenOnly && password === undefined) return;
          const created = await accounts
            .createUser({ username: name, role, ...(password !== undefined ? { password } : {}) })
            .catch(refused);
          audit({
            action: 'users.create',
            command: 'user add',
            resource: `user:${name} role:${role}`,
            status: created ? 201 : 409,
          });
          if (created) println(`Created ${created.role} "${created.username}" (id ${created.id}).`);
        });
      },
    );

  user
    .command('list')
    .description('List users')
    .option('--json', 'print JSON: [{ id, username, role, disabled, hasPassword, createdAt, updatedAt }]')
    .action(async (opts: { json?: boolean }) => {
      await withAccounts(async (accounts, audit) => {
        const users = accounts.listUsers();
        audit({ action: 'users.list', command: 'user list', resource: `rows:${users.length}` });
        if (opts.json) return printJson(users);
        if (users.length === 0)
          return println(
            'No users. Create the first admin with: drugclaim user add NAME --admin (from a checkout: npm run drugclaim -- user add NAME --admin)',
          );
        for (const line of formatTable([
          ['id', 'user', 'role', 'status', 'password', 'created'],
          ...users.map((u) => [
            String(u.id),
            u.username,
            u.role,
            u.disabled ? 'disabled' : 'active',
            u.hasPassword ? 'yes' : 'token only',
            u.createdAt.slice(0, 10),
          ]),
        ]))
          println(line);
      });
    });

  user
    .command('set')
    .description("Change a user's role, enable/disable the account, or set a new password")
    .argument('<name>')
    .option('--role <role>', 'viewer, biller or admin', parseRole)
    .option('--disable', 'disable the account (ends its sessions and revokes its API tokens)')
    .option('--enable', 'enable the account again')
    .option('--password', 'prompt for a new password (ends the sessions and revokes the API tokens)')
    .option('--password-stdin', 'read the new password from standard input (same)')
    .action(
      async (
        name: string,
        opts: {
          role?: Role;
          disable?: boolean;
          enable?: boolean;
          password?: boolean;
          passwordStdin?: boolean;
        },
      ) => {
        if (opts.disable && opts.enable) {
          eprintln('drugclaim: --disable and --enable together make no sense.');
          process.exitCode = EXIT_ERROR;
          return;
        }
        await withAccounts(async (accounts, audit) => {
          const found = mustFind(accounts, name);
          if (!found) return;
          let password: string | undefined;
          if (opts.password || opts.passwordStdin) {
            password = await newPassword(opts.passwordStdin === true, found.username);
            if (password === undefined) return;
          }
          const change = {
            ...(opts.role ? { role: opts.role } : {}),
            ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
            ...(password !== undefined ? { password } : {}),
          };
          if (Object.keys(change).length === 0) {
            eprintln('drugclaim: nothing to change: give --role, --disable, --enable or --password.');
            process.exitCode = EXIT_ERROR;
            return;
          }
          const updated = await accounts.updateUser(found.id, change).catch(refused);
          audit({
            action: 'users.update',
            command: 'user set',
            resource: `user:${found.id}${change.role ? ` role:${change.role}` : ''}${change.disabled !== undefined ? ` disabled:${change.disabled}` : ''}${password !== undefined ? ' password' : ''}`,
            status: updated ? 200 : 409,
          });
          if (updated)
            println(`${updated.username}: ${updated.role}, ${updated.disabled ? 'disabled' : 'active'}.`);
        });
      },
    );

  user
    .command('token')
    .description('Create an API token for a user; the token is printed once (only its hash is kept)')
    .argument('<name>')
    .option('--label <text>', 'what the token is for', 'cli')
    .option(
      '--expires-days <n>',
      `expire after N days (default ${TOKEN_DEFAULT_DAYS}, at most ${TOKEN_MAX_DAYS})`,
      parseDays,
    )
    .option('--json', 'print JSON: { token, record }')
    .action(async (name: string, opts: { label: string; expiresDays?: number; json?: boolean }) => {
      await withAccounts(async (accounts, audit) => {
        const found = mustFind(accounts, name);
        if (!found) return;
        const created = accounts.createToken(
          found.id,
          opts.label,
          opts.expiresDays === undefined
            ? {}
            : { expiresAt: new Date(Date.now() + opts.expiresDays * 86_400_000).toISOString() },
        );
        audit({
          action: 'tokens.create',
          command: 'user token',
          resource: `token:${created.record.id} user:${found.username}`,
          status: 201,
        });
        if (opts.json) return printJson(created);
        println(created.token);
        eprintln(
          `Token ${created.record.id} for ${found.username} (${found.role}). Send it as "Authorization: Bearer <token>". It is not shown again.`,
        );
      });
    });

  user
    .command('tokens')
    .description('List API tokens (of one user, or all)')
    .argument('[name]')
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      await withAccounts(async (accounts) => {
        const found = name === undefined ? undefined : mustFind(accounts, name);
        if (name !== undefined && !found) return;
        const tokens = accounts.listTokens(found?.id);
        if (opts.json) return printJson(tokens);
        const names = new Map(accounts.listUsers().map((u) => [u.id, u.username]));
        if (tokens.length === 0) return println('No tokens.');
        for (const line of formatTable([
          ['id', 'user', 'label', 'token', 'created', 'last used', 'status'],
          ...tokens.map((t) => tokenRow(t, names)),
        ]))
          println(line);
      });
    });

  user
    .command('revoke')
    .description('Revoke an API token by its id')
    .argument('<tokenId>', 'token id (see "drugclaim user tokens")')
    .action(async (tokenId: string) => {
      const id = Number(tokenId);
      if (!Number.isInteger(id) || id < 1) {
        eprintln('drugclaim: a token id is a positive whole number.');
        process.exitCode = EXIT_ERROR;
        return;
      }
      await withAccounts(async (accounts, audit) => {
        const revoked = accounts.revokeToken(id);
        audit({
          action: 'tokens.revoke',
          command: 'user revoke',
          resource: `token:${id}`,
          status: revoked ? 200 : 404,
        });
        if (revoked) println(`Token ${id} revoked.`);
        else {
          eprintln(`drugclaim: no active token ${id}.`);
          process.exitCode = EXIT_NO;
        }
      });
    });

  user
    .command('unlock')
    .description(
      "Clear a user's sign-in lockout and slow-down (every address): a running server applies it at the user's next attempt",
    )
    .argument('<name>')
    .action(async (name: string) => {
      await withAccounts(async (accounts, audit) => {
        const found = mustFind(accounts, name);
        if (!found) return;
        accounts.clearLockout(found.id);
        audit({ action: 'users.unlock', command: 'user unlock', resource: `user:${found.id}`, status: 200 });
        println(`${found.username}: sign-in lockout cleared.`);
      });
    });
}
