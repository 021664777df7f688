// Shared set-up for the end-to-end tests: serve dist/, launch Debian's Chromium through
// playwright-core, and record anything that should never happen (console errors, page errors,
// requests to another origin).
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './static-server.mjs';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

const CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * `serviceWorkers: 'block'` keeps the page's own requests visible to page.route; `cacheControl`
 * is the header the server sends (see static-server.mjs); `env.server.serveFrom(dir)` deploys.
 */
export async function launch({ basePath = '/', dir = join(ROOT, 'dist'), serviceWorkers = 'allow', cacheControl, puzzleView } = {}) {
    const server = await startServer(dir, 0, basePath, { cacheControl });
    const origin = `http://127.0.0.1:${server.address().port}`;
    const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'faultline-e2e-')), {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: { width: 1280, height: 860 },
        serviceWorkers,
    });
    // Files written for the full-evidence view ask for it: medium and hard pack scenarios, endless
    // puzzles and challenge links open in Investigate otherwise. Only when no choice is stored, so
    // a test that switches keeps its choice.
    if (puzzleView) {
        await browser.addInitScript((view) => {
            try {
                if (localStorage.getItem('faultline.puzzle.view') === null) localStorage.setItem('faultline.puzzle.view', view);
            } catch { /* about:blank has no storage */ }
        }, puzzleView);
    }
    return {
        origin,
        url: `${origin}${basePath}`,
        context: browser,
        server,
        async close() {
            await browser.close();
            await new Promise((done) => server.close(done));
        },
    };
}

/**
 * One server and browser for the whole test file: `launch(options)` before its first test, closed
 * after its last (`options.puzzleView: 'evidence'` opens every puzzle in the full-evidence view
 * unless a test switches). The environment returned is filled in by the time a test runs. `afterLaunch(env)`
 * runs once the browser is up (to grant permissions, say); with `clearStorageEachTest`, every test
 * starts with empty localStorage.
 */
export function withBrowser(options = {}, { clearStorageEachTest = false, afterLaunch } = {}) {
    const env = {};
    before(async () => {
        Object.assign(env, await launch(options));
        await afterLaunch?.(env);
    });
    after(async () => {
        await env.close?.();
    });
    if (clearStorageEachTest) beforeEach(() => clearStorage(env));
    return env;
}

/** Opens a page and records console errors, uncaught errors and requests leaving the origin. */
export async function openPage(env, { path = '', viewport } = {}) {
    const page = await env.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
    page.on('console', (msg) => {
        if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
    page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(env.origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
            problems.foreignRequests.push(url);
        }
    });
    await page.goto(`${env.url}${path}`);
    return { page, problems };
}

export function screenshotPath(name) {
    return join(SCREENSHOTS, `${name}.png`);
}

/** Fails on page errors, console errors or requests that left the origin. */
export function assertClean(problems) {
    assert.deepEqual(problems.pageErrors, [], 'no page errors');
    assert.deepEqual(problems.consoleErrors, [], 'no console errors');
    assert.deepEqual(problems.foreignRequests, [], 'no requests leave the origin');
}

/** Screenshots at desktop (full page) and phone sizes, light and dark, then restores the defaults. */
export async function shoot(page, name) {
    for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 780 }]]) {
        await page.setViewportSize(viewport);
        for (const scheme of ['light', 'dark']) {
            await page.emulateMedia({ colorScheme: scheme });
            await page.waitForTimeout(100);
            await page.screenshot({ path: screenshotPath(`${name}-${label}-${scheme}`), fullPage: label === 'desktop' });
        }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 860 });
}

/** Waits until a service worker controls the page (the first load is not controlled: reload once). */
export async function waitForController(page) {
    await page.evaluate(() => navigator.serviceWorker.ready);
    if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
        await page.reload();
        await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
    }
}

/**
 * Asserts that `read()` settles on `expected` within `timeout` ms: a key press is handled and
 * rendered asynchronously, so a value read straight after it may still be the old one. A value that
 * stays wrong fails with the last one seen.
 */
export async function assertSettles(read, expected, message, timeout = 3000) {
    const until = Date.now() + timeout;
    let actual = await read();
    while (actual !== expected && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        actual = await read();
    }
    assert.equal(actual, expected, message);
}

/** `assertSettles` for the number of elements `locator` matches. */
export const assertCount = (locator, expected, message) => assertSettles(() => locator.count(), expected, message);

/** Empties the origin's localStorage from a page of its own (for a `beforeEach`). */
export async function clearStorage(env) {
    const page = await env.context.newPage();
    await page.goto(env.url);
    await page.evaluate(() => localStorage.clear());
    await page.close();
}

/** Replaces everything the origin stores with `items` (key → text), from an open page. */
export const storeOnly = (page, items) =>
    page.evaluate((items) => {
        localStorage.clear();
        for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
    }, items);

/**
 * Waits until the simulator takes input: its panels are there (it adds them a task at a time; the
 * logs come last) and its effects (keyboard listener, timers) attached just after the first paint.
 */
export async function simulatorReady(page) {
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    await page.locator('.logs-panel').waitFor();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
}

/** The stored progress as JSON (null when there is none). */
export const storedProgress = (page) =>
    page.evaluate(() => JSON.parse(localStorage.getItem('faultline.progress') || 'null'));

/** A built-in pack's scenarios as the app lists them: easy → hard, the file's order within each. */
export function listedOrder(pack) {
    const rank = (s) => ({ easy: 0, medium: 1, hard: 2 }[s.difficulty] ?? 1);
    return pack.scenarios.map((s, i) => [s, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([s]) => s);
}

/** Runs axe in light and dark (reduced motion) and fails with the violations it finds. */
export async function noAxeViolations(page, what) {
    const axe = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        // Let the new scheme paint (two frames) before colours are measured.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.evaluate(axe);
        const violations = await page.evaluate(async () => {
            const result = await window.axe.run(document, { resultTypes: ['violations'] });
            return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
        });
        assert.deepEqual(violations, [], `${what} (${scheme}): ${JSON.stringify(violations, null, 2)}`);
    }
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
}

/** Plays the whole trace at once: the timeline slider to its end, then waits for every event. */
export async function playToEnd(page) {
    const slider = page.getByRole('slider', { name: 'Timeline' });
    const max = await slider.getAttribute('max');
    await slider.fill(max);
    await page.waitForFunction((n) => document.querySelectorAll('.event-list .event').length === Number(n), max);
}

/** Answers every step by trying the choices in order (the list, never the diagram). */
export async function solveByList(page) {
    for (let guard = 0; guard < 40 && !(await page.locator('.finale').count()); guard++) {
        await page.locator('.question .choice:not(.tried)').first().click();
        await page.waitForTimeout(60);
    }
    await page.locator('.finale').waitFor();
}
