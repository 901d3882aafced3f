import path from 'node:path';
import type { Core } from '@strapi/strapi';

/**
 * SQLite in a file (cms/.tmp/data.db) is the embedded default. Set DATABASE_URL
 * (postgres://user:password@host:5432/name) to run on PostgreSQL instead, with a connection pool
 * of DATABASE_POOL_MIN to DATABASE_POOL_MAX connections.
 */
export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const url = env('DATABASE_URL', '');
  if (url) {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: url,
          ssl: env.bool('DATABASE_SSL', false)
            ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) }
            : false,
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60_000),
      },
    };
  }
  return {
    connection: {
      client: 'sqlite',
      connection: {
        // Relative to the cms folder, or absolute (tests use a temporary file).
        filename: path.resolve(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // Write-ahead logging: readers never block the writer, and every acknowledged write is in
        // the log before the answer goes out, so a killed process loses nothing it confirmed.
        afterCreate(
          connection: { pragma(statement: string): unknown },
          done: (error: Error | null, connection: unknown) => void,
        ) {
          try {
            connection.pragma('journal_mode = WAL');
            connection.pragma('synchronous = FULL');
            connection.pragma('busy_timeout = 5000');
            done(null, connection);
          } catch (error) {
            done(error as Error, connection);
          }
        },
      },
    },
  };
};
