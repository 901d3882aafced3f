import path from 'node:path';
import type { Core } from '@strapi/strapi';

// SQLite (a file under cms/.tmp) is the embedded default; DATABASE_FILENAME may point elsewhere,
// relative to the cms folder or absolute (tests use a temporary file).
export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  connection: {
    client: 'sqlite',
    connection: {
      filename: path.resolve(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')),
    },
    useNullAsDefault: true,
    pool: {
      // Write-ahead logging: readers never block the writer, and every acknowledged write is in
      // the log before the answer goes out, so a killed process loses nothing it confirmed.
      afterCreate(connection: { pragma(statement: string): unknown }, done: (error: Error | null, connection: unknown) => void) {
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
});
