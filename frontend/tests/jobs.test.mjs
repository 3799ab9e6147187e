// Job options as a person uses them in a browser: preview a run, watch the deletion guard stop a run
// from an emptied primary and approve it, and fix a refused rsync option in the job form.
// One app (demo profile) for the whole file; the tests run in order and build on each other.

import assert from 'node:assert/strict';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ADMIN_USER, finalRunStatus, launchBrowser, openPage, pathOf, signInAs, startApp } from './app.mjs';

const JOB = 'demo-files';
const SAMPLE_FILE = 'home/alice/notes.txt';

let app;
let browser;

before(
  async () => {
    app = await startApp({ name: 'jobs' });
    browser = await launchBrowser();
  },
  { timeout: 150_000 },
);

after(async () => {
  await browser?.close();
  await app?.stop();
});

function primaryDir() {
  return join(app.workDir, 'data/demo/primary');
}

function standbyDir() {
  return join(app.workDir, 'data/demo/standby');
}

async function exists(path) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Signs in and opens the demo job's page from the dashboard. */
async function openJob(page) {
  await signInAs(page, ADMIN_USER, app.adminPassword);
  await Promise.all([page.waitForURL(/\/jobs\/\d+$/), page.getByRole('link', { name: JOB, exact: true }).click()]);
}

test('preview lists what a run would copy and changes nothing', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await newPage();
  try {
    await openJob(page);
    await Promise.all([page.waitForURL(/\/jobs\/\d+\/preview$/), page.locator('#preview-button').click()]);

    assert.match(await page.locator('#preview-summary').innerText(), /\d+ to create, 0 to update, 0 to delete/);
    assert.ok(
      (await page.locator('#preview-created').innerText()).includes(SAMPLE_FILE),
      `the preview should list ${SAMPLE_FILE} as created`,
    );
    assert.deepEqual(await readdir(standbyDir()), [], 'a preview must not copy anything');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a run from an emptied primary is BLOCKED, and an approval carries out the deletions', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await newPage();
  try {
    await openJob(page);
    const jobUrl = page.url();
    await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.getByRole('button', { name: 'Sync now' }).click()]);
    assert.equal(await finalRunStatus(page), 'SUCCEEDED');
    assert.ok(await exists(join(standbyDir(), SAMPLE_FILE)), 'the first run should copy the files');

    // The primary's volume "is not mounted": its directory is there, but empty.
    for (const entry of await readdir(primaryDir())) {
      await rm(join(primaryDir(), entry), { recursive: true });
    }
    await page.goto(jobUrl);
    await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.getByRole('button', { name: 'Sync now' }).click()]);
    const blockedUrl = page.url();
    assert.equal(await finalRunStatus(page), 'BLOCKED');
    assert.match(await page.locator('#run-message').innerText(), /The source of \/ is empty/);
    assert.ok((await page.locator('#blocked-paths').innerText()).includes(SAMPLE_FILE));
    assert.ok(await exists(join(standbyDir(), SAMPLE_FILE)), 'a blocked run must not delete anything');

    await Promise.all([page.waitForURL((url) => url.href !== blockedUrl), page.locator('#approve-run').click()]);
    assert.equal(await finalRunStatus(page), 'SUCCEEDED');
    assert.equal(await exists(join(standbyDir(), SAMPLE_FILE)), false, 'the approved run should delete on the standby');

    await page.goto(blockedUrl);
    assert.match(await page.locator('#run-approved').innerText(), new RegExp(`by ${ADMIN_USER}, carried out by run #\\d+`));
    assert.equal(await page.locator('#approve-run').count(), 0, 'an approved run cannot be approved again');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a refused rsync option is explained next to its field, and nothing typed is lost', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await newPage();
  try {
    await openJob(page);
    await Promise.all([page.waitForURL(/\/edit$/), page.getByRole('link', { name: 'Edit' }).click()]);
    await page.locator('#extraArguments').fill('--rsync-path=sudo rsync');
    await page.locator('#preSteps').fill('standby: test -d /');
    await page.locator('#startWindow').fill('00:00-23:59');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save job' }).click()]);

    assert.match(pathOf(page), /\/edit$/, 'a refused form stays on the form');
    const field = page.locator('.field.invalid', { has: page.locator('#extraArguments') });
    assert.match(await field.innerText(), /"--rsync-path=sudo rsync" is not one of the accepted options/);
    assert.equal(await page.locator('#preSteps').inputValue(), 'standby: test -d /');
    assert.equal(await page.locator('#startWindow').inputValue(), '00:00-23:59');

    await page.locator('#extraArguments').fill('--one-file-system');
    await Promise.all([page.waitForURL(/\/jobs\/\d+$/), page.getByRole('button', { name: 'Save job' }).click()]);
    assert.match(await page.locator('#job-command').innerText(), /--one-file-system/);
    assert.match(await page.locator('#job-steps').innerText(), /before rsync: standby: test -d \//);
    assert.match(await page.locator('#job-time-rules').innerText(), /between 00:00-23:59/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

function newPage() {
  return openPage(browser, app.baseUrl);
}
