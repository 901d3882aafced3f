// One lint for the whole tree: ESLint's and typescript-eslint's recommended rules, Astro's for
// .astro files. Formatting is Prettier's job (npm run format), not the linter's.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/.astro/',
      '**/.strapi/',
      '**/.tmp/',
      '**/.cache/',
      'cms/build/',
      'cms/types/generated/',
      'web/.builds/',
      'web/dist.*/',
      'web/.test-builds-*/',
      'web/.soak-builds-*/',
      'tests/artifacts/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs.recommended,
  { languageOptions: { globals: globals.node } },
  // Code that runs in the reader's or the editor's browser.
  {
    files: ['web/public/**', 'cms/src/admin/**', 'web/src/**/*.astro'],
    languageOptions: { globals: globals.browser },
  },
  // The admin's React components follow the rules of hooks.
  { files: ['cms/src/admin/**/*.tsx'], ...reactHooks.configs.flat['recommended-latest'] },
  // Server code (the commands, the builds, the site server and its queues, the import, the CMS's
  // own code): a promise nobody awaits or catches is a failure nobody hears of, or a crash of the
  // whole process. Type-aware, so it knows what returns a promise; `void` marks one left running
  // on purpose.
  {
    files: [
      'web/cli/**/*.ts',
      'web/local-cms/**/*.ts',
      'web/build/**/*.ts',
      'web/server/**/*.ts',
      'web/import/**/*.ts',
      'web/src/sync/**/*.ts',
      'cms/src/**/*.ts',
      'cms/config/**/*.ts',
    ],
    ignores: ['cms/src/admin/**'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
);
