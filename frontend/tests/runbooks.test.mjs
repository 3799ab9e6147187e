// A failover runbook as an admin carries it out in a browser: write it, rehearse it, start it with the
// pair's name typed, click Done on its manual step while the page refreshes itself, and confirm the pair's
// new direction on the dashboard afterwards. One app (demo profile: the pair "demo") for the whole file.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_USER, launchBrowser, openPage, signInAs, startApp } from './app.mjs';

const PAIR = 'demo';
const RUNBOOK = `name: Browser takeover
description: Written in the browser test.
steps:
- title: The standby answers
  command: echo standby is fine
  host: standby
  changes: false
- title: Fence the old primary
  manual: Power the old primary off and say how.
- title: Promote the standby
  role_switch: true
`;

let app;
let browser;

before(
  async () => {
    app = await startApp({ name: 'runbooks' });
    browser = await launchBrowser();
  },
  { timeout: 150_000 },
);

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** The status an execution page shows once it no longer refreshes itself (the execution ended). */
async function finalExecutionStatus(page) {
  await page.locator('#execution-live:not([hx-trigger])').waitFor({ timeout: 60_000 });
  return (await page.locator('#execution-status').innerText()).trim();
}

test('a runbook is written, rehearsed, carried out with a manual step and its direction confirmed', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await openPage(browser, app.baseUrl);
  try {
    await signInAs(page, ADMIN_USER, app.adminPassword);

    // Written: a mistake first, shown next to the text with its place, the text kept.
    await page.goto('/runbooks/new');
    await page.locator('#pair').selectOption({ label: PAIR });
    await page.locator('#yaml').fill(RUNBOOK.replace('changes: false', 'changes: maybe'));
    await page.locator('#save-runbook').click();
    assert.match(await page.locator('#yaml-problems').innerText(), /steps\[0\]\.changes/);
    assert.ok((await page.locator('#yaml').inputValue()).includes('changes: maybe'), 'the typed text is kept');
    await page.locator('#yaml').fill(RUNBOOK);
    await Promise.all([page.waitForURL(/\/runbooks\/\d+$/), page.locator('#save-runbook').click()]);
    const runbookUrl = page.url();
    assert.match(await page.locator('#runbook-steps').innerText(), /Power the old primary off/);

    // Rehearsed: nothing changes, and the runbook says when.
    await Promise.all([page.waitForURL(/\/runbooks\/executions\/\d+$/), page.locator('#rehearse').click()]);
    assert.equal(await finalExecutionStatus(page), 'SUCCEEDED');
    assert.match(await page.locator('#log-1').innerText(), /standby is fine/);
    assert.match(await page.locator('#log-3').innerText(), /Would make/);

    // Started with a wrong name: nothing starts, the error is next to the field.
    await page.goto(runbookUrl);
    await page.locator('#pairName').fill('dmeo');
    await page.locator('#start').click();
    assert.match(await page.locator('#pairName-error').innerText(), /Type the pair's name/);

    // Started for real: the page refreshes itself until the manual step waits for Done.
    await page.locator('#pairName').fill(PAIR);
    await Promise.all([page.waitForURL(/\/runbooks\/executions\/\d+$/), page.locator('#start').click()]);
    await page.locator('#done-2').waitFor({ timeout: 30_000 });
    await page.locator('#done-comment-2').fill('Powered off through the iLO <b>now</b>');
    await page.locator('#done-2').click();
    assert.equal(await finalExecutionStatus(page), 'SUCCEEDED');
    assert.ok(
      (await page.locator('#execution-steps').innerText()).includes('Powered off through the iLO <b>now</b>'),
      'the comment shows as text',
    );

    // The dashboard holds the pair until someone confirms the way it copies now.
    await page.goto('/');
    const banner = page.locator('section.direction', { hasText: `Roles of pair ${PAIR} were switched` });
    await banner.waitFor();
    await Promise.all([page.waitForNavigation(), banner.getByRole('button', { name: 'Confirm new direction' }).click()]);
    assert.equal(await page.locator('section.direction').count(), 0);

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
