/**
 * Environment variables as typed settings: each one declared once (name, meaning, default, kind),
 * read in one place, and checked, so a bad value fails at start with an error naming the variable.
 * The site and the CMS each declare theirs with these helpers (web/src/site-settings.ts,
 * cms/src/cms-settings.ts); docs/operations.md and cms/.env.example list the same names (a unit test checks).
 */
import { parseTrustedProxies } from './client-address.js';

/** How the text of a variable becomes a value; throws a message ending "…, not "<raw>"". */
export interface SettingKind<T> {
  describe: string;
  parse(raw: string): T;
}

export interface SettingSpec<T> {
  env: string;
  meaning: string;
  kind: SettingKind<T>;
  /** The value when unset or empty, as written in an .env file; none: the setting is optional. */
  default?: string;
  /** Unset is an error (secrets the CMS cannot start without). */
  required?: true;
}

export class SettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingError';
  }
}

type ValueOf<S> =
  S extends SettingSpec<infer T>
    ? S extends { default: string } | { required: true }
      ? T
      : T | undefined
    : never;
export type SettingsOf<Specs extends Record<string, SettingSpec<unknown>>> = {
  readonly [Key in keyof Specs]: ValueOf<Specs[Key]>;
};

/** Declares settings, keeping each one's value type and whether it has a default. */
export function defineSettings<Specs extends Record<string, SettingSpec<unknown>>>(
  specs: Specs,
): Specs {
  return specs;
}

/** Reads and checks every declared setting from `env`; the first bad one throws a SettingError. */
export function readSettings<Specs extends Record<string, SettingSpec<unknown>>>(
  specs: Specs,
  env: Record<string, string | undefined>,
): SettingsOf<Specs> {
  const values: Partial<Record<keyof Specs, unknown>> = {};
  for (const key of Object.keys(specs) as Array<keyof Specs>)
    values[key] = readSetting(specs, key, env);
  return values as SettingsOf<Specs>;
}

/** Reads and checks one declared setting (for code that runs often and needs only that one). */
export function readSetting<
  Specs extends Record<string, SettingSpec<unknown>>,
  Key extends keyof Specs,
>(specs: Specs, key: Key, env: Record<string, string | undefined>): SettingsOf<Specs>[Key] {
  const spec = specs[key]!;
  const raw = env[spec.env]?.trim() || spec.default;
  if (raw === undefined && spec.required)
    throw new SettingError(spec.env, `${spec.env} is not set (${spec.meaning}).`);
  try {
    return (raw === undefined ? undefined : spec.kind.parse(raw)) as SettingsOf<Specs>[Key];
  } catch {
    throw new SettingError(
      spec.env,
      `${spec.env} must be ${spec.kind.describe}, not "${raw}" (${spec.meaning}).`,
    );
  }
}

const kind = <T>(describe: string, parse: (raw: string) => T | undefined): SettingKind<T> => ({
  describe,
  parse(raw) {
    const value = parse(raw);
    if (value === undefined) throw new Error(describe);
    return value;
  },
});

export const settingKinds = {
  text: kind('text', (raw) => raw),
  /** An http(s) address, without a trailing slash. */
  url: kind('an http(s) address', (raw) => {
    try {
      const url = new URL(raw);
      return /^https?:$/.test(url.protocol) ? raw.replace(/\/+$/, '') : undefined;
    } catch {
      return undefined;
    }
  }),
  port: kind('a port number (1–65535)', (raw) => {
    const port = Number(raw);
    return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
  }),
  wholeNumber: kind('a whole number, 0 or more', (raw) => {
    const n = Number(raw);
    return /^\d+$/.test(raw) && Number.isSafeInteger(n) ? n : undefined;
  }),
  positiveNumber: kind('a positive number', (raw) => {
    const n = Number(raw);
    return n > 0 && Number.isFinite(n) ? n : undefined;
  }),
  flag: kind('true or false (or 1 or 0)', (raw) =>
    /^(true|1)$/i.test(raw) ? true : /^(false|0)$/i.test(raw) ? false : undefined,
  ),
  list: kind('a comma-separated list', (raw) => {
    const items = raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    return items.length ? items : undefined;
  }),
  /** Whose X-Forwarded-For is believed (see client-address.ts). */
  trustedProxies: kind(
    'loopback, none, or a comma-separated list of addresses and IPv4 ranges (a.b.c.d/n)',
    (raw) => {
      try {
        return parseTrustedProxies(raw);
      } catch {
        return undefined;
      }
    },
  ),
  oneOf: <const T extends string>(...choices: T[]) =>
    kind(`one of ${choices.join(', ')}`, (raw) => choices.find((choice) => choice === raw)),
} as const;
