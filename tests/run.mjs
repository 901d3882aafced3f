// The test command: the whole suite on SQLite, then the CMS integration tests once more on
// PostgreSQL when TEST_DATABASE_URL names a server (.ci/run starts one); otherwise it says why not.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const vitest = (args, env = {}) =>
  spawnSync('npx', ['vitest', 'run', ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  }).status ?? 1;

// What the database underneath changes: the CMS itself, the admin's stored setup, the inquiries'
// and subscribers' queries (mail retries, deletion by age, unique addresses), the newsletter's
// queue (due posts by date, one issue per post, deliveries in a transaction), the import's
// (matching by name, its bookkeeping), and what the site reads and sorts. The site server's
// workflow (webhooks, schedule, previews) talks to the CMS only over HTTP, the same on either
// database, so it runs once, on SQLite, to keep CI short.
const POSTGRES_FILES = [
  'integration/cms.test.ts',
  'integration/editor-setup.test.ts',
  'integration/inquiries.test.ts',
  'integration/newsletter-sending.test.ts',
  'integration/site.test.ts',
  'integration/subscribers.test.ts',
  'integration/wordpress-import.test.ts',
];

console.log(`Tests on Node ${process.version} (${process.execPath})`);
let status = vitest(process.argv.slice(2));
if (process.argv.length > 2) process.exit(status);
if (process.env.TEST_DATABASE_URL) {
  console.log(
    `\nThe CMS integration tests again, on PostgreSQL (${new URL(process.env.TEST_DATABASE_URL).host}):`,
  );
  const postgres = vitest(POSTGRES_FILES, { CMS_TEST_DATABASE: 'postgres' });
  status = status || postgres;
  await dropTestDatabases(process.env.TEST_DATABASE_URL).catch((error) =>
    console.warn(`Could not drop the test databases: ${error.message}`),
  );
} else {
  console.log(
    '\nPostgreSQL pass skipped: TEST_DATABASE_URL is not set (.ci/run sets it; see docs/testing.md).',
  );
}
process.exit(status);

/** The PostgreSQL pass makes a database per test CMS (blog_test_…); they go when it is done. */
async function dropTestDatabases(url) {
  const { Client } = createRequire(import.meta.url)('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    "SELECT datname FROM pg_database WHERE datname LIKE 'blog\\_test\\_%' AND pg_get_userbyid(datdba) = current_user",
  );
  for (const { datname } of rows)
    await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await client.end();
}
