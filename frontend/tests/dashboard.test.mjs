// The dashboard as a person uses it: sign in, run the demo job by hand, watch the run finish,
// and find the copy on the standby side. One app (demo profile) for the whole file.

import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ADMIN_USER, finalRunStatus, launchBrowser, openPage, pathOf, resultsDir, signInAs, startApp } from './app.mjs';

const JOB = 'demo-files';
const SAMPLE_FILE = 'home/alice/notes.txt';
const RUN_TIMEOUT_MS = 60_000;

let app;
let browser;

before(
  async () => {
    app = await startApp({ name: 'dashboard' });
    browser = await launchBrowser();
  },
  { timeout: 150_000 },
);

after(async () => {
  await browser?.close();
  await app?.stop();
});

function newPage() {
  return openPage(browser, app.baseUrl);
}

async function signIn(page, password = app.adminPassword) {
  await signInAs(page, ADMIN_USER, password);
}

function jobRow(page, name = JOB) {
  return page.locator(`table#jobs tr[data-job="${name}"]`);
}

test('an unauthenticated visit lands on the login page, and a wrong password is refused', async () => {
  const { page, context, problems } = await newPage();
  try {
    const response = await page.goto('/');
    assert.ok(response.ok(), `GET / ended with ${response.status()}`);
    assert.equal(pathOf(page), '/login', 'an unauthenticated visit to / should end on /login');
    await page.locator('#username').waitFor({ state: 'visible' });
    await page.locator('#password').waitFor({ state: 'visible' });
    assert.equal(await page.getByText('Wrong user name or password.').count(), 0, 'no error before a try');

    await signIn(page, `${app.adminPassword}-wrong`);
    assert.equal(pathOf(page), '/login', 'a wrong password should stay on the login page');
    await page.getByText('Wrong user name or password.').waitFor({ state: 'visible' });
    assert.equal(await page.locator('table#jobs').count(), 0, 'no dashboard after a wrong password');

    // Still not signed in: the dashboard sends us back to the login page.
    await page.goto('/');
    assert.equal(pathOf(page), '/login');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('admin runs the demo job by hand and the standby gets the files', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await newPage();
  try {
    await signIn(page);
    assert.equal(pathOf(page), '/', 'signing in should lead to the dashboard');

    const row = jobRow(page);
    await row.waitFor({ state: 'visible' });
    assert.equal((await row.locator('td').first().innerText()).trim(), JOB);

    await Promise.all([
      page.waitForURL(/\/runs\/\d+$/),
      row.getByRole('button', { name: `Sync ${JOB} now` }).click(),
    ]);
    const runUrl = page.url();
    let reloads = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads += 1;
    });

    // The run page polls itself while the run is active; wait for a final status without reloading.
    const finalStatus = await finalRunStatus(page, RUN_TIMEOUT_MS);
    // The last lines may trail the status by one tick of the live log; its stream says when it has them all.
    await page.waitForFunction(() => document.getElementById('run-log')?.dataset.following !== 'true');
    const log = await page.locator('#run-log').innerText();
    assert.equal(finalStatus, 'SUCCEEDED', `run at ${runUrl} ended ${finalStatus}; its log:\n${log}`);
    assert.equal(reloads, 0, 'the run page should update in place, not reload');
    assert.match(
      await page.locator('#run-status .status').getAttribute('class'),
      /\bstatus-SUCCEEDED\b/,
    );
    assert.ok(log.includes(SAMPLE_FILE), `the run log should list ${SAMPLE_FILE}; it was:\n${log}`);

    // The copy itself, on disk.
    const primary = await readFile(join(app.workDir, 'data/demo/primary', SAMPLE_FILE), 'utf8');
    const standbyPath = join(app.workDir, 'data/demo/standby', SAMPLE_FILE);
    const standby = await readFile(standbyPath, 'utf8').catch((error) => {
      assert.fail(`${standbyPath} was not copied: ${error.message}`);
    });
    assert.ok(primary.length > 0, 'the demo primary file should not be empty');
    assert.equal(standby, primary, 'the standby copy should match the primary');

    // Back on the dashboard, the job's row shows the good run and the age of the copy.
    await page.goto('/');
    assert.equal(pathOf(page), '/');
    const statusCell = row.locator('.status');
    await statusCell.waitFor({ state: 'visible' });
    assert.equal((await statusCell.innerText()).trim(), 'SUCCEEDED');
    assert.match(await statusCell.getAttribute('class'), /\bstatus-SUCCEEDED\b/);
    const age = (await row.locator('td.age').innerText()).trim();
    assert.match(age, /^\S.* old$/, `the age cell should read "... old", not "${age}"`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an unknown job gets a readable not-found page, not a stack trace or JSON', async () => {
  const { page, context, problems } = await newPage();
  try {
    await signIn(page);
    const response = await page.goto('/jobs/987654');
    assert.equal(response.status(), 404);
    assert.equal(await page.locator('h1').innerText(), 'Not found');
    const body = await page.locator('body').innerText();
    assert.doesNotMatch(body, /Exception|"status"|at app\.syncboard/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('when the session ends, the self-refreshing dashboard goes to the login page', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await newPage();
  try {
    await signIn(page);
    await jobRow(page).waitFor({ state: 'visible' });
    await context.clearCookies();
    // The next refresh (every 5 s) must lead the whole page to /login, not paste the login form into the table.
    await page.waitForURL('**/login', { timeout: 20_000 });
    assert.equal(await page.locator('table#jobs').count(), 0);
    assert.equal(await page.locator('#username').count(), 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the job form previews the next runs while typing, and keeps what was typed when the session ended', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await newPage();
  try {
    await signIn(page);
    await page.goto('/jobs/new');
    await page.locator('#schedule').fill('30 4 * * *');
    await page.locator('#timeZone').fill('Europe/Berlin');
    // The preview first shows the form's default schedule; wait for the one just typed.
    await page.locator('#schedule-preview li', { hasText: 'Europe/Berlin' }).first().waitFor();
    assert.equal(await page.locator('#schedule-preview li').count(), 5);
    assert.match(await page.locator('#schedule-preview li').first().innerText(), /04:30 \(\w{3}\) Europe\/Berlin$/);

    await page.locator('#name').fill('typed before the session ended');
    await context.clearCookies();
    await page.locator('#schedule').fill('0 5 * * *');
    await page.locator('#schedule-preview', { hasText: 'Your session has ended' }).waitFor();
    assert.equal(pathOf(page), '/jobs/new');
    assert.equal(await page.locator('#name').inputValue(), 'typed before the session ended');
    assert.deepEqual(problems.filter((p) => !p.includes('401')), []);
  } finally {
    await context.close();
  }
});

test('dashboard screenshot for a person to look at', async () => {
  const { page, context, problems } = await newPage();
  const file = join(resultsDir, 'dashboard.png');
  try {
    await rm(file, { force: true });
    await signIn(page);
    assert.equal(pathOf(page), '/');
    await jobRow(page).waitFor({ state: 'visible' });
    await page.screenshot({ path: file, fullPage: true });

    const png = await readFile(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    assert.ok((await stat(file)).size > 5_000, 'the screenshot should not be blank');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
