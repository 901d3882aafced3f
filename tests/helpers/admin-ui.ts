import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot, testsDir } from './paths';

/**
 * The editor's moves in the Strapi admin, located the way an editor finds things: by role, label
 * and visible text. Shared by the browser tests of the admin.
 */

/** The guide's screenshots: into docs/redaktoer/ with UPDATE_GUIDE_SCREENSHOTS=1 (npm run docs:screenshots), else test artifacts. */
const GUIDE_DIR =
  process.env.UPDATE_GUIDE_SCREENSHOTS === '1'
    ? path.join(repoRoot, 'docs', 'redaktoer')
    : path.join(testsDir, 'artifacts', 'guide');

export async function guideScreenshot(page: Page, name: string, target?: Locator): Promise<void> {
  fs.mkdirSync(GUIDE_DIR, { recursive: true });
  const file = path.join(GUIDE_DIR, `${name}.png`);
  if (target) await target.screenshot({ path: file });
  else await page.screenshot({ path: file });
}

/** The main form of an edit view (the draft tab). */
export const form = (page: Page) => page.getByRole('tabpanel', { name: 'kladde' });

/** Opens a content type's list from the main navigation, as an editor clicks there. */
export async function openList(
  page: Page,
  type:
    | 'Indlæg'
    | 'Holdning'
    | 'Side'
    | 'Forfatter'
    | 'Emne'
    | 'Henvendelse'
    | 'Nyhedsbrevets abonnenter',
): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Indhold' }).click();
  await page
    .getByRole('navigation', { name: 'Indhold' })
    .getByRole('link', { name: type, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: type }).waitFor();
}

/** Opens an entry from its type's list by clicking its title (`which`: the first or last such row). */
export async function openEntry(
  page: Page,
  type: 'Indlæg' | 'Holdning',
  title: string,
  which: 'first' | 'last' = 'first',
): Promise<void> {
  await openList(page, type);
  const rows = page.getByRole('row').filter({ hasText: title });
  await (which === 'first' ? rows.first() : rows.last()).getByRole('link', { name: title }).click();
}

/** Opens a new entry's form from its list. */
export async function createEntry(page: Page, type: 'Indlæg' | 'Holdning' | 'Side'): Promise<void> {
  await openList(page, type);
  await page.getByRole('link', { name: 'Opret nyt' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Opret nyt' }).waitFor();
}

/** Picks an entry in a relation field ("Forfatter", "Emner", …) by typing part of its name. */
export async function pickRelation(page: Page, field: string, name: string): Promise<void> {
  // The label counts what is picked: "Emner (1)".
  const combobox = form(page).getByRole('combobox', {
    name: new RegExp(`^${field}( \\(\\d+\\))?$`),
  });
  await combobox.click();
  await combobox.pressSequentially(name.slice(0, 4));
  await page
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
  await form(page).getByRole('button', { name, exact: true }).waitFor();
}

/** The browsers of these tests are in Copenhagen, as the editor is. */
export const EDITOR_TIME_ZONE = 'Europe/Copenhagen';

/** Sets a date field by typing the moment as the editor's clock shows it: "24.12.2026" and "16.45". */
export async function typeDateTime(page: Page, when: Date): Promise<void> {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: EDITOR_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(when)
      .map((part) => [part.type, part.value]),
  );
  const day = `${parts.day}.${parts.month}.${parts.year}`;
  const date = form(page).getByRole('combobox', { name: 'Dato' });
  await date.click();
  await date.pressSequentially(day);
  await page.keyboard.press('Enter');
  const time = form(page).getByRole('combobox', { name: 'Klokkeslæt' });
  await time.click();
  await page.keyboard.press('ControlOrMeta+a');
  await time.pressSequentially(`${parts.hour}.${parts.minute}`);
  await page.keyboard.press('Escape');
  await form(page).getByText('Udgivelsesdato', { exact: true }).click(); // leaves the field, which takes the time
}

/** The admin's messages ("Gemt", "Udgivet"), shown for a few seconds. */
export const notifications = (page: Page) => page.getByRole('region', { name: /Notifications/ });

/** Clicks "Udgiv" and waits for the admin to say it was published. */
export async function publish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Udgiv', exact: true }).click();
  await notifications(page).getByText('Udgivet', { exact: true }).first().waitFor();
}

/** Clicks "Gem" and waits for the admin to say it was saved. */
export async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await notifications(page).getByText('Gemt', { exact: true }).first().waitFor();
}
