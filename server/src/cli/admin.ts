// Operator commands, run next to the server: `npm run admin -- <command>`.
// They read the same configuration as the server (environment and .env).
import { hasAdmin, issueSetupToken, setupLink } from '../admin/setup.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { connectDatabase, runningEmbeddedUrl } from '../db/connect.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { migrate, MigrationError } from '../db/migrate.ts';
import { createSql, isConnectionError, type Sql } from '../db/sql.ts';

const usage = `Maillage operator commands (npm run admin -- <command>)

  setup-link            Print a new one-time link that makes whoever opens it an admin.
                        Earlier links that were not used stop working.
  make-admin <email>    Make the account with this e-mail address an admin.
  help                  Show this help.

They use the server's configuration (DATABASE_URL, or the embedded database in DATA_DIR,
reached through the running server when there is one) and PUBLIC_URL for links.`;

/** A problem to report to the operator on one line, then exit 1. */
class CommandError extends Error {}

interface Connection {
  sql: Sql;
  /** True when no server was running and the command opened the embedded database itself. */
  serverStopped: boolean;
  close(): Promise<void>;
}

/** The database the server uses; the embedded one through the running server when there is one. */
async function openDatabase(config: Config): Promise<Connection> {
  if (!config.databaseUrl) {
    const url = runningEmbeddedUrl(config.dataDir);
    if (url) {
      const sql = createSql(url, { embedded: true });
      return { sql, serverStopped: false, close: () => sql.end({ timeout: 5 }) };
    }
  }
  // No server to go through: open the database ourselves and bring its schema up to date.
  const db = await connectDatabase(config);
  try {
    await migrate(db.sql);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return { sql: db.sql, serverStopped: db.embedded, close: () => db.close() };
}

async function makeAdmin(sql: Sql, email: string): Promise<string> {
  const [user] = await sql<{ email: string; role: string }[]>`
    select email, role from users where lower(email) = lower(${email.trim()})`;
  if (!user) throw new CommandError(`make-admin: no account uses the e-mail address ${email}; the member must sign up first.`);
  if (user.role === 'admin') return `${user.email} is already an admin.`;
  await sql`update users set role = 'admin', updated_at = now() where lower(email) = lower(${email.trim()})`;
  return `${user.email} is now an admin (was ${user.role}).`;
}

async function run(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(usage);
    return;
  }
  if (command !== 'setup-link' && command !== 'make-admin') {
    throw new CommandError(`Unknown command "${command}"; run "npm run admin -- help" for the list.`);
  }
  if (command === 'make-admin' && rest.length !== 1) throw new CommandError('make-admin: give exactly one e-mail address (npm run admin -- make-admin someone@example.org).');
  if (command === 'setup-link' && rest.length) throw new CommandError('setup-link takes no arguments.');

  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    if (command === 'setup-link') {
      const link = setupLink(config.publicUrl, await issueSetupToken(db.sql));
      console.log(`One-time link to become an admin (earlier unused links no longer work):\n${link}`);
      if (db.serverStopped && !(await hasAdmin(db.sql))) {
        // The server prints a new link at each start while there is no admin; that one replaces this.
        console.error('Note: the server is not running; while there is no admin, starting it prints a new link that replaces this one.');
      }
    } else {
      console.log(await makeAdmin(db.sql, rest[0]!));
    }
  } finally {
    await db.close();
  }
}

try {
  await run(process.argv.slice(2));
} catch (err) {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else if (err instanceof CommandError || err instanceof DataDirLockedError) console.error(err.message);
  else if (err instanceof MigrationError) console.error(`Database error: ${err.message}`);
  else if (isConnectionError(err)) {
    console.error(`DATABASE_URL: cannot reach the database (${(err as { code?: string }).code}); check that Postgres runs and the URL is right.`);
  } else console.error(`admin command failed: ${(err as Error)?.message ?? err}`);
  process.exitCode = 1;
}
