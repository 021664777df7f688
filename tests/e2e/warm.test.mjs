// The warm-up worker (assets/pwa/warm.js, src/logic/warm.rs): once the full app runs, a worker
// runs the engine in its own instance of the full module, so the engine's code is compiled off
// the page's thread. It runs under the page's CSP, from the build's precached file, after a deep
// link and after leaving the start page; the page's own instance really does compile less when a
// scenario opens; and nothing depends on it: without workers the scenario opens and checks run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, assertSettles, openPage, withBrowser } from './harness.mjs';
import { onPageMainThread, recordTrace } from './trace.mjs';

const SCENARIO = '#/packs/webhooks/deliveries-refused-since-receiver-restored-backup';
const env = withBrowser({ serviceWorkers: 'block' });

const report = (page) => page.evaluate(() => window.faultlineWarm ?? null);

async function warmedUp(page) {
    await page.waitForFunction(() => window.faultlineWarm && !window.faultlineWarm.started, null, { timeout: 30000 });
    const r = await report(page);
    assert.equal(r.error, undefined, `the warm-up ran without error: ${JSON.stringify(r)}`);
    assert.ok(r.ran > 0, `the warm-up built puzzles: ${JSON.stringify(r)}`);
}

test('after a deep link the worker runs the engine, from the build\'s own file, under the page\'s CSP', async () => {
    const { page, problems } = await openPage(env, { path: SCENARIO });
    const workers = [];
    page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
    await page.locator('.tools-panel .tool').first().waitFor();
    await warmedUp(page);
    assert.equal(workers.length, 1, `one worker: ${workers}`);
    const file = workers[0].split('/').pop();
    assert.match(file, /^warm-[0-9a-f]{16}\.js$/, 'the worker file is named after its content');
    const dist = join(ROOT, 'dist');
    assert.ok(readdirSync(dist).includes(file), 'the worker file is in the build');
    assert.ok(readFileSync(join(dist, 'sw.js'), 'utf8').includes(`"path": "${file}"`), 'the service worker precaches it');
    assertClean(problems);
    await page.close();
});

test('leaving the start page starts the warm-up with the full app', async () => {
    const { page, problems } = await openPage(env, { path: '' });
    await page.waitForFunction(() => window.wasmBindings, null, { timeout: 30000 });
    await page.waitForTimeout(500);
    assert.equal(await report(page), null, 'the start page runs no warm-up (it has no engine)');
    await page.evaluate(() => { location.hash = '#/packs'; });
    await page.locator('.site-header nav a[aria-current="page"]').waitFor({ timeout: 30000 });
    await warmedUp(page);
    assertClean(problems);
    await page.close();
});

/** Lazy compilations of WebAssembly functions on the page's main thread while `act` runs. */
async function lazyCompiles(context, page, act) {
    const cdp = await context.newCDPSession(page);
    const trace = await recordTrace(cdp, ['v8.wasm']);
    await act();
    const events = await trace.stop();
    await cdp.detach();
    const compiles = events.filter((e) => e.name === 'wasm.CompileLazy');
    return compiles.filter(onPageMainThread(events, (x) => x.name === 'wasm.CompileLazy')).length;
}

test('with the warm-up done, opening a scenario compiles far less of the module on the page\'s thread', async (t) => {
    const counts = {};
    for (const warm of [false, true]) {
        const page = await env.context.newPage();
        if (!warm) await page.addInitScript(() => { window.faultlineWarm = { off: true }; });
        await page.goto(`${env.url}#/packs`);
        await page.locator('.site-header nav a[aria-current="page"]').waitFor();
        if (warm) await warmedUp(page);
        else await page.waitForTimeout(500);
        counts[warm ? 'warm' : 'cold'] = await lazyCompiles(env.context, page, async () => {
            await page.evaluate((hash) => { location.hash = hash; }, SCENARIO);
            await page.locator('.tools-panel .tool').first().waitFor();
            await page.locator('.tool[data-probe="reproduce"]').click();
            await page.locator('.term-command').waitFor();
            await page.waitForTimeout(300);
        });
        await page.close();
    }
    t.diagnostic(`lazy compilations on the page's thread: ${JSON.stringify(counts)}`);
    assert.ok(counts.cold > 100, `opening compiles functions lazily without the warm-up: ${JSON.stringify(counts)}`);
    assert.ok(counts.warm < counts.cold * 0.75, `the warm-up takes a good share of it off the page's thread: ${JSON.stringify(counts)}`);
});

test('without workers the scenario opens and its checks run as before', async () => {
    const page = await env.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => { delete window.Worker; });
    await page.goto(`${env.url}${SCENARIO}`);
    await page.locator('.tools-panel .tool').first().waitFor();
    await page.locator('.tool[data-probe="reproduce"]').click();
    await assertSettles(() => page.locator('.probe-timeline li').count(), 1, 'the check ran');
    assert.equal(await report(page), null, 'no warm-up was tried');
    assert.deepEqual(errors, []);
    await page.close();
});
