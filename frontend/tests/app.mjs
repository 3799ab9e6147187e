// Starts the syncboard jar for a browser test file and launches headless Chromium.
//
// Each app gets a fresh temporary working directory (the app keeps ./data there: the H2 database
// and, with the demo profile, ./data/demo/primary and ./data/demo/standby) and a free port on
// 127.0.0.1. Its output is kept in memory, so a failed start can say what the app printed last, and
// written to test-results/<name>-app.log for a person to read after the run.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where screenshots and app logs go; git-ignored. */
export const resultsDir = join(frontendDir, 'test-results');

/** The jar under test: $SYNCBOARD_JAR (set by the Maven build), else ../target/syncboard.jar. */
export const jarPath = resolve(frontendDir, process.env.SYNCBOARD_JAR || '../target/syncboard.jar');

export const ADMIN_USER = 'admin';

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
const KEPT_OUTPUT_LINES = 40;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Debian's Chromium (no browser download by Playwright). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh browser context (no cookies) with the app as base URL. Records uncaught page errors and
 * scripts or style sheets that failed to load, so a test can assert there were none.
 */
export async function openPage(browser, baseUrl) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Anything the Content-Security-Policy blocked (an inline script or style, a foreign source) is a bug.
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      problems.push(`blocked by the CSP: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => {
    if (['script', 'stylesheet'].includes(request.resourceType())) {
      problems.push(`${request.url()} failed: ${request.failure()?.errorText}`);
    }
  });
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (['script', 'stylesheet'].includes(type) && response.status() >= 400) {
      problems.push(`${response.url()} answered ${response.status()}`);
    }
  });
  return { page, context, problems };
}

/** Waits on a run page until the run has ended (the page updates itself) and returns its status text. */
export async function finalRunStatus(page, timeout = 60_000) {
  return (
    await page.waitForFunction(
      () => {
        const text = document.querySelector('#run-status .status')?.textContent.trim();
        return text && !['QUEUED', 'RUNNING'].includes(text) ? text : false;
      },
      null,
      { timeout, polling: 100 },
    )
  ).jsonValue();
}

export function pathOf(page) {
  return new URL(page.url()).pathname;
}

export async function signInAs(page, user, password) {
  await page.goto('/login');
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function javaCommand() {
  const home = process.env.JAVA_HOME;
  if (home) {
    const java = join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(java)) return java;
  }
  return 'java';
}

/** Keeps the last lines of the app's output. */
class OutputTail {
  #lines = [];
  #partial = { stdout: '', stderr: '' };

  add(stream, chunk) {
    const text = this.#partial[stream] + chunk;
    const lines = text.split('\n');
    this.#partial[stream] = lines.pop();
    for (const line of lines) {
      this.#lines.push(line.replace(/\r$/, ''));
      if (this.#lines.length > KEPT_OUTPUT_LINES) this.#lines.shift();
    }
  }

  text() {
    const rest = [this.#partial.stdout, this.#partial.stderr].filter((s) => s.length > 0);
    return [...this.#lines, ...rest].join('\n');
  }
}

/**
 * Starts the app with the demo profile and waits until GET /login answers 200.
 * `name` names the log file in test-results/ (one per test file).
 * Resolves to { baseUrl, port, workDir, adminPassword, output(), stop() }.
 */
export async function startApp({ name = 'syncboard', profile = 'demo' } = {}) {
  if (!existsSync(jarPath)) {
    throw new Error(
      `syncboard jar not found at ${jarPath}; build it first ` +
        '(./mvnw -B -q -o package -DskipTests -DskipBrowserTests) or set SYNCBOARD_JAR',
    );
  }
  const workDir = await mkdtemp(join(tmpdir(), 'syncboard-browser-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const adminPassword = `pw-${randomBytes(12).toString('hex')}`;

  await mkdir(resultsDir, { recursive: true });
  const logFile = createWriteStream(join(resultsDir, `${name}-app.log`));
  const tail = new OutputTail();

  const child = spawn(
    javaCommand(),
    [
      '-jar',
      jarPath,
      `--spring.profiles.active=${profile}`,
      `--server.port=${port}`,
      '--server.address=127.0.0.1',
      // The demo job's schedule: once a year, so only the test's own clicks start runs.
      '--syncboard.demo.schedule=0 0 1 1 *',
    ],
    {
      cwd: workDir,
      env: { ...process.env, SYNCBOARD_ADMIN_PASSWORD: adminPassword },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of ['stdout', 'stderr']) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk) => {
      tail.add(stream, chunk);
      logFile.write(chunk);
    });
  }

  let exit = null; // { code, signal } once the process has ended
  const exited = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolveExit(exit);
    });
    child.on('error', (error) => {
      // Spawning failed (e.g. no java on PATH): 'exit' may never come.
      tail.add('stderr', `${error.message}\n`);
      exit ??= { code: null, signal: null, error };
      resolveExit(exit);
    });
  });

  // If the test runner dies without calling stop(), do not leave the app running.
  const killOnExit = () => {
    if (exit === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (exit === null) {
      child.kill('SIGTERM');
      let timer;
      const gaveUp = new Promise((resolveTimer) => {
        timer = setTimeout(() => resolveTimer('timeout'), STOP_TIMEOUT_MS);
      });
      if ((await Promise.race([exited, gaveUp])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
      clearTimeout(timer);
    }
    await new Promise((resolveEnd) => logFile.end(resolveEnd));
    if (!process.env.SYNCBOARD_KEEP_WORKDIR) {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  const describeFailure = (why) =>
    new Error(
      `syncboard did not start: ${why}\n` +
        `jar: ${jarPath}\nworking directory: ${workDir}\n` +
        `last output lines:\n${tail.text() || '(no output)'}`,
    );

  try {
    await waitUntilReady(`${baseUrl}/login`, () => exit, START_TIMEOUT_MS);
  } catch (error) {
    const failure = describeFailure(error.message);
    await stop();
    throw failure;
  }

  return { baseUrl, port, workDir, adminPassword, output: () => tail.text(), stop };
}

async function waitUntilReady(url, exitState, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    const ended = exitState();
    if (ended !== null) {
      throw new Error(
        `the process ended early (exit code ${ended.code}, signal ${ended.signal})` +
          (ended.error ? `: ${ended.error.message}` : ''),
      );
    }
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `GET ${url} answered ${response.status}`;
    } catch (error) {
      lastProblem = `GET ${url} failed: ${error.cause?.code ?? error.message}`;
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 250));
  }
  throw new Error(`not ready within ${timeoutMs / 1000} s (${lastProblem})`);
}
