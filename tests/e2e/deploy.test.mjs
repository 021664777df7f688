// Deploys: a second build replaces the first on a host that lets browsers reuse every file for
// ten minutes (Cache-Control: max-age=600, as GitHub Pages does). Learners must land on the new
// build when they accept it, keep working offline, and pages left open on the old build must keep
// working until they reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launch, openPage, screenshotPath, waitForController } from './harness.mjs';

const HOST_CACHE = 'max-age=600';

function copyOfDist() {
    const dir = join(mkdtempSync(join(tmpdir(), 'faultline-deploy-')), 'dist');
    cpSync(join(ROOT, 'dist'), dir, { recursive: true });
    return dir;
}

const postBuild = (dir) => execFileSync('node', [join(ROOT, 'scripts', 'post-build.mjs'), dir], { env: { PATH: process.env.PATH } });

/** Every file of a build directory, by name. */
const snapshot = (dir) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));

/** The build id post-build wrote into `dir`'s index.html. */
const buildIn = (dir) => readFileSync(join(dir, 'index.html'), 'utf8').match(/<meta name="faultline-build" content="([0-9a-f]+)">/)[1];
const buildOf = (page) => page.evaluate(() => document.querySelector('meta[name="faultline-build"]')?.content);
const fileIn = (dir, pattern) => readdirSync(dir).find((f) => pattern.test(f));

// A wasm custom section: valid anywhere after the header, ignored by the engine, so appending
// one changes the module's bytes (and hashed name) without changing what it does.
function customSection(name, payload) {
    const body = Buffer.concat([Buffer.from([name.length]), Buffer.from(name), Buffer.from(payload)]);
    return Buffer.concat([Buffer.from([0, body.length]), body]);
}

/** Build B: build A with a marker in every file the app fetches, then the same post-build step. */
function secondBuild() {
    const dir = copyOfDist();
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (/_bg\.wasm$/.test(name)) appendFileSync(path, customSection('faultline-deploy', 'build B'));
        else if (/^faultline-.*\.js$|\.css$/.test(name)) appendFileSync(path, '\n/* build B */\n');
        else if (/^reference-[0-9a-f]+\.json$/.test(name)) appendFileSync(path, '\n');
    }
    postBuild(dir);
    return dir;
}

let A;
let B;
const envs = [];
before(() => {
    A = join(ROOT, 'dist');
    B = secondBuild();
});
after(async () => {
    for (const env of envs) await env.close();
});
async function start() {
    const env = await launch({ dir: A, cacheControl: HOST_CACHE });
    envs.push(env);
    return env;
}

/** Asks the browser to look for a new build; the installing worker's final state. */
function checkForUpdate(page) {
    return page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const found = new Promise((done) => registration.addEventListener('updatefound', () => done(registration.installing), { once: true }));
        await registration.update();
        const worker = await found;
        const settled = () => ['installed', 'activated', 'redundant'].includes(worker.state);
        if (settled()) return worker.state;
        return new Promise((done) => worker.addEventListener('statechange', () => settled() && done(worker.state)));
    });
}

const cachesOf = (page) => page.evaluate(() => caches.keys());
const banner = (page) => page.getByRole('status').filter({ hasText: 'A new version of Faultline is available' });
const heading = (page) => page.getByRole('heading', { level: 1, name: /Faultline/ });

async function reloadFromBanner(page) {
    await Promise.all([page.waitForEvent('load'), banner(page).getByRole('button', { name: 'Reload' }).click()]);
    await heading(page).waitFor();
}

/** Waits until the service worker has dropped the first build's cache (no page runs it any more). */
async function oldCacheDropped(page, build) {
    for (let tries = 0; tries < 50; tries += 1) {
        if (!(await cachesOf(page)).includes(`faultline-${build}`)) return;
        await page.waitForTimeout(100);
    }
    assert.fail(`faultline-${build} is still kept: ${await cachesOf(page)}`);
}

test('post-build run again on its own output changes nothing', () => {
    const dir = copyOfDist();
    const before = snapshot(dir);
    postBuild(dir);
    assert.deepEqual(Object.keys(snapshot(dir)), Object.keys(before), 'same file names');
    for (const [name, bytes] of Object.entries(snapshot(dir))) assert.ok(bytes.equals(before[name]), `${name} is unchanged`);
});

test('the second build renames every file the app fetches and names them in index.html', () => {
    assert.notEqual(buildIn(B), buildIn(A));
    const html = readFileSync(join(B, 'index.html'), 'utf8');
    for (const pattern of [/^faultline-start-.*\.js$/, /^faultline-start-.*_bg\.wasm$/, /^faultline-web-.*\.js$/, /^faultline-web-.*_bg\.wasm$/, /^modes-.*\.css$/, /^main-.*\.css$/, /^reference-.*\.json$/]) {
        const [a, b] = [fileIn(A, pattern), fileIn(B, pattern)];
        assert.ok(a && b && a !== b, `${pattern}: ${a} became ${b}`);
        assert.ok(html.includes(b), `index.html names ${b}`);
        assert.ok(!fileIn(B, new RegExp(`^${a.replace('.', '\\.')}$`)), `${a} is gone from build B`);
    }
    assert.ok(!readdirSync(A).includes('reference.json') && !readdirSync(B).includes('reference.json'), 'no unhashed reference.json');
});

test('one tab: the update is offered, Reload lands on the new build, which works offline', async () => {
    const env = await start();
    const { page, problems } = await openPage(env);
    await heading(page).waitFor();
    await waitForController(page);
    assert.equal(await buildOf(page), buildIn(A));

    env.server.serveFrom(B);
    assert.equal(await checkForUpdate(page), 'installed');
    await banner(page).waitFor();
    await page.screenshot({ path: screenshotPath('update-available') });
    await page.setViewportSize({ width: 360, height: 780 });
    await page.screenshot({ path: screenshotPath('update-available-phone') });
    await page.setViewportSize({ width: 1280, height: 860 });
    await reloadFromBanner(page);
    assert.equal(await buildOf(page), buildIn(B), 'Reload lands on the new build, not on a copy of the old page');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.equal(await banner(page).count(), 0, 'no banner on the new build');

    await env.context.setOffline(true);
    try {
        await page.reload();
        assert.equal(await buildOf(page), buildIn(B), 'offline, the new build');
        await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
        await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Sandbox' }).click();
        await page.getByRole('heading', { name: 'Break-it sandbox' }).waitFor();
        assert.equal(await page.getByText('could not').count(), 0);
    } finally {
        await env.context.setOffline(false);
    }
    await oldCacheDropped(page, buildIn(A));
    assert.deepEqual(problems.pageErrors, []);
});

test('two tabs: the other one keeps running its build until its own Reload', async () => {
    const env = await start();
    const { page: first } = await openPage(env);
    await heading(first).waitFor();
    await waitForController(first);
    const { page: second, problems } = await openPage(env);
    await second.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const answered = [];
    second.on('response', (r) => answered.push([new URL(r.url()).pathname.split('/').pop(), r.status()]));

    env.server.serveFrom(B);
    assert.equal(await checkForUpdate(first), 'installed');
    await banner(first).waitFor();
    await banner(second).waitFor();
    await reloadFromBanner(first);
    assert.equal(await buildOf(first), buildIn(B));

    // The second tab still runs build A, whose files the server no longer has; ten minutes on,
    // nor has the browser's HTTP cache.
    assert.equal(await buildOf(second), buildIn(A));
    await (await env.context.newCDPSession(second)).send('Network.clearBrowserCache');
    await banner(second).waitFor();
    const slider = second.getByRole('slider', { name: 'Timeline' });
    await slider.fill(await slider.getAttribute('max'));
    await second.locator('.ref-link:visible').first().click();
    await second.locator('.reference-panel .entry-summary').waitFor();
    await second.getByRole('button', { name: 'Close the reference panel' }).click();
    await second.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Sandbox' }).click();
    await second.getByRole('heading', { name: 'Break-it sandbox' }).waitFor();
    for (const pattern of [/^reference-.*\.json$/, /^faultline-web-.*\.js$/, /^faultline-web-.*_bg\.wasm$/, /^modes-.*\.css$/]) {
        assert.deepEqual(answered.filter(([name]) => pattern.test(name)), [[fileIn(A, pattern), 200]], `build A's own ${pattern}`);
    }
    await banner(second).waitFor({ timeout: 1000 }); // the full app's mounting did not remove it
    await second.screenshot({ path: screenshotPath('update-available-full-app') });

    await reloadFromBanner(second);
    assert.equal(await buildOf(second), buildIn(B), 'its Reload lands on the new build');
    await second.getByRole('heading', { name: 'Break-it sandbox' }).waitFor();
    await oldCacheDropped(second, buildIn(A));
    assert.deepEqual(problems.pageErrors, []);
});

test('a deploy caught half-way is not installed: the current build stays', async () => {
    // The host serves the new worker but still the old index.html (as a CDN part-way through).
    const torn = copyOfDist();
    cpSync(B, torn, { recursive: true });
    cpSync(join(A, 'index.html'), join(torn, 'index.html'));
    const env = await start();
    const { page, problems } = await openPage(env);
    await heading(page).waitFor();
    await waitForController(page);

    env.server.serveFrom(torn);
    assert.equal(await checkForUpdate(page), 'redundant', 'the install fails');
    assert.equal(await banner(page).count(), 0, 'no update is offered');
    await page.reload();
    assert.equal(await buildOf(page), buildIn(A));
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.ok((await cachesOf(page)).includes(`faultline-${buildIn(A)}`), 'the current cache is kept');
    assert.ok(!(await cachesOf(page)).includes(`faultline-${buildIn(B)}`), 'nothing of the torn deploy is stored');

    // Once the deploy is complete, it is offered.
    env.server.serveFrom(B);
    assert.equal(await checkForUpdate(page), 'installed');
    await banner(page).waitFor();
    assert.deepEqual(problems.pageErrors, []);
});
