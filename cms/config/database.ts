import type { Core } from '@strapi/strapi';
import path from 'node:path';

// SQLite (a file under cms/.tmp) is the embedded default; DATABASE_FILENAME may point elsewhere,
// relative to the cms folder or absolute (tests use a temporary file).
export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  connection: {
    client: 'sqlite',
    connection: {
      filename: path.resolve(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')),
    },
    useNullAsDefault: true,
  },
});
