import path from 'node:path';
import { cmsSettings } from '../src/cms-settings';

/**
 * SQLite in a file (cms/.tmp/data.db) is the embedded default. Set DATABASE_URL
 * (postgres://user:password@host:5432/name) to run on PostgreSQL instead, with a connection pool
 * of DATABASE_POOL_MIN to DATABASE_POOL_MAX connections.
 */
export default () => {
  const settings = cmsSettings();
  const url = settings.databaseUrl;
  if (url) {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: url,
          ssl: settings.databaseSsl
            ? { rejectUnauthorized: settings.databaseSslRejectUnauthorized }
            : false,
          schema: settings.databaseSchema,
        },
        pool: { min: settings.databasePoolMin, max: settings.databasePoolMax },
        acquireConnectionTimeout: settings.databaseConnectionTimeout,
      },
    };
  }
  return {
    connection: {
      client: 'sqlite',
      connection: {
        // Relative to the cms folder, or absolute (tests use a temporary file).
        filename: path.resolve(__dirname, '..', '..', settings.databaseFilename),
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
