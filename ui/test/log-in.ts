// Logging in as a person does, for the browser tests: the login form, then the home page
// ("Today") that every login lands on.
import type { Page } from 'playwright-core';

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
}
