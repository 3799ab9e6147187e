// Run history as a person sees it: a running run's log follows the run live in two browsers at once, the job's
// history is filtered and exported as CSV, and "Last 24 hours" lists the runs by pair, failures first.
// One app for the whole file; the tests run in order and build on each other.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ADMIN_USER, finalRunStatus, launchBrowser, openPage, pathOf, signInAs, startApp } from './app.mjs';

// Prints two lines, waits until the test opens the gate (a named pipe next to it), then prints 2000 more.
const GATED_SCRIPT = `#!/bin/sh
echo 'first <b>line</b>'
echo second
read go < "$(dirname "$0")/gate"
i=1
while [ "$i" -le 2000 ]; do echo "numbered line $i"; i=$((i + 1)); done
`;

let app;
let browser;
let dirs;

before(
  async () => {
    dirs = await mkdtemp(join(tmpdir(), 'syncboard-history-'));
    app = await startApp({ name: 'history' });
    browser = await launchBrowser();
  },
  { timeout: 150_000 },
);

after(async () => {
  await browser?.close();
  await app?.stop();
  await rm(dirs, { recursive: true, force: true });
});

/** A fresh signed-in browser context. */
async function signedInPage() {
  const opened = await openPage(browser, app.baseUrl);
  await signInAs(opened.page, ADMIN_USER, app.adminPassword);
  return opened;
}

/** Two directories on this machine, the primary with one file in it; returns their paths. */
async function localSides(name) {
  const primary = join(dirs, name, 'primary');
  const standby = join(dirs, name, 'standby');
  await mkdir(primary, { recursive: true });
  await mkdir(standby, { recursive: true });
  await writeFile(join(primary, 'file.txt'), 'content\n');
  return { primary, standby };
}

async function createPair(page, name, { primary, standby }) {
  await page.goto('/pairs/new');
  await page.locator('#name').fill(name);
  await page.locator('#primaryPath').fill(primary);
  await page.locator('#standbyPath').fill(standby);
  await Promise.all([page.waitForURL('**/pairs'), page.getByRole('button', { name: 'Create pair' }).click()]);
}

/** Creates a job through the form and leaves the page on the new job's page. */
async function createJob(page, name, pair, preSteps = '') {
  await page.goto('/jobs/new');
  await page.locator('#name').fill(name);
  await page.locator('#pairId').selectOption({ label: pair });
  await page.locator('#preSteps').fill(preSteps);
  await Promise.all([page.waitForURL(/\/jobs\/\d+$/), page.getByRole('button', { name: 'Create job' }).click()]);
}

/** Presses "Sync now" on the job page; the page goes to the new run's page. */
async function syncNow(page) {
  await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.getByRole('button', { name: 'Sync now' }).click()]);
}

/**
 * Records the page's requests for a live log, and keeps its EventSources where the test can ask whether they were
 * closed (a source the page forgot to close would reconnect after the server ended the stream).
 */
async function watchLiveLog({ page, context }) {
  await context.addInitScript(() => {
    const Original = window.EventSource;
    window.liveSources = [];
    window.EventSource = class extends Original {
      constructor(...args) {
        super(...args);
        window.liveSources.push(this);
      }
    };
  });
  const urls = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/live')) urls.push(request.url());
  });
  return urls;
}

test('two viewers follow a running run live, and the stream ends with the run', { timeout: 120_000 }, async () => {
  const scriptDir = join(dirs, 'script');
  await mkdir(scriptDir);
  const script = join(scriptDir, 'gated.sh');
  await writeFile(script, GATED_SCRIPT);
  await chmod(script, 0o700);
  await promisify(execFile)('mkfifo', [join(scriptDir, 'gate')]);

  const viewers = [await signedInPage(), await signedInPage()];
  try {
    const [first, second] = viewers.map((viewer) => viewer.page);
    await createPair(first, 'tail-pair', await localSides('tail'));
    await createJob(first, 'live-tail', 'tail-pair', `primary: ${script}`);
    const requests = await Promise.all(viewers.map(watchLiveLog));
    await syncNow(first);
    await second.goto(pathOf(first));

    for (const page of [first, second]) {
      await page.waitForFunction(
        () => {
          const lines = document.querySelector('#run-log').textContent.split('\n');
          const status = document.querySelector('#run-status .status')?.textContent.trim();
          return status === 'RUNNING' && lines.includes('first <b>line</b>') && lines.includes('second');
        },
        null,
        { polling: 100 },
      );
      assert.equal(await page.locator('#run-log b').count(), 0, 'log lines are text, never HTML');
    }

    await writeFile(join(scriptDir, 'gate'), 'go\n');

    for (const page of [first, second]) {
      const log = page.locator('#run-log');
      assert.equal(await finalRunStatus(page), 'SUCCEEDED');
      await page.locator('#run-log[data-following="ended"]').waitFor({ state: 'attached' });
      const lines = (await log.textContent()).trimEnd().split('\n');
      const end = lines.slice(-10).join('\n');
      assert.ok(lines.includes('numbered line 2000'), `the log should have the last numbered line:\n${end}`);
      assert.match(lines.at(-1), /^total size is .* speedup is /, 'the log should end with rsync\'s last line');
      const { top, height, scrolled } = await log.evaluate((el) => ({
        top: el.scrollTop,
        height: el.clientHeight,
        scrolled: el.scrollHeight,
      }));
      assert.ok(scrolled > height, 'the log should be long enough to scroll');
      assert.ok(Math.abs(top + height - scrolled) <= 4, `log not at its end: ${top} + ${height} of ${scrolled}`);
      const sources = await page.evaluate(() =>
        window.liveSources.map((source) => (source.readyState === EventSource.CLOSED ? 'closed' : source.readyState)),
      );
      assert.deepEqual(sources, ['closed'], 'the page should close its one live stream, so that it does not reconnect');
    }
    assert.deepEqual(
      requests.map((urls) => urls.length),
      [1, 1],
      `each page should open the live stream once, not reconnect: ${JSON.stringify(requests)}`,
    );
    for (const { problems } of viewers) assert.deepEqual(problems, []);
  } finally {
    for (const { context } of viewers) await context.close();
  }
});

test('job history: a status filter, a bad day named next to its field, the CSV', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await signedInPage();
  try {
    const sides = await localSides('history');
    await createPair(page, 'history-pair', sides);
    await createJob(page, 'history', 'history-pair');
    const jobPath = pathOf(page);

    await syncNow(page);
    assert.equal(await finalRunStatus(page), 'SUCCEEDED');
    await rm(sides.primary, { recursive: true }); // the source is gone: the next runs fail
    for (let i = 0; i < 2; i++) {
      await page.goto(jobPath);
      await syncNow(page);
      assert.equal(await finalRunStatus(page), 'FAILED');
    }

    await page.goto(jobPath);
    const statuses = () => page.locator('table#runs tbody .status').allInnerTexts();
    assert.deepEqual(await statuses(), ['FAILED', 'FAILED', 'SUCCEEDED']);
    const failedBox = page.locator('#run-filter input[name="status"][value="FAILED"]');
    await failedBox.check();
    await Promise.all([page.waitForURL(/status=FAILED/), page.getByRole('button', { name: 'Show' }).click()]);
    assert.deepEqual(await statuses(), ['FAILED', 'FAILED']);
    assert.ok(await failedBox.isChecked(), 'the ticked status stays ticked');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv-export').click()]);
    assert.equal(download.suggestedFilename(), 'syncboard-history-runs.csv');
    const rows = (await readFile(await download.path(), 'utf8')).split(/\r?\n/).filter((line) => line !== '');
    assert.match(rows[0], /^run,job,status,/);
    assert.equal(rows.length, 1 + 2, `a header and one line per listed run:\n${rows.join('\n')}`);
    assert.ok(rows.slice(1).every((row) => row.split(',')[2] === 'FAILED'), rows.join('\n'));

    // A date input takes no free text, so the address carries the bad day, as from a typed link.
    await page.goto(`${jobPath}?from=yesterday`);
    const field = page.locator('#run-filter .field.invalid', { has: page.locator('#filter-from') });
    assert.match(await field.locator('.errors').innerText(), /^Not a day as \d{4}-\d{2}-\d{2}: "yesterday"\.$/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('"Last 24 hours" lists each job\'s runs under its pair, failures first', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await signedInPage();
  const jobsOf = (rows) => rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.job));
  try {
    const link = page.locator('header nav').getByRole('link', { name: 'Last 24 hours' });
    await Promise.all([page.waitForURL('**/runs/recent'), link.click()]);
    assert.equal(await page.locator('h1').innerText(), 'Last 24 hours');

    const pairs = await page.locator('section.recent-pair').evaluateAll((all) => all.map((s) => s.dataset.pair));
    assert.equal(pairs[0], 'history-pair', `the pair with failures comes first: ${pairs}`);
    const history = page.locator('section.recent-pair[data-pair="history-pair"] tbody tr');
    assert.deepEqual(await jobsOf(history), ['history', 'history', 'history']);
    assert.deepEqual(await history.locator('.status').allInnerTexts(), ['FAILED', 'FAILED', 'SUCCEEDED']);

    const tail = page.locator('section.recent-pair[data-pair="tail-pair"] tbody tr');
    assert.deepEqual(await jobsOf(tail), ['live-tail']);
    assert.deepEqual(await tail.locator('.status').allInnerTexts(), ['SUCCEEDED']);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
