// The start page runs a small module of its own; every other route runs the full app, which is
// swapped in when the learner leaves the start page (assets/pwa/boot.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, assertClean, assertSettles, screenshotPath, withBrowser } from './harness.mjs';

const env = withBrowser();
// Without a service worker, so failed downloads can be simulated (a worker would answer from
// its cache, which is the point of it, but not what these tests are about).
const bare = withBrowser({ serviceWorkers: 'block' });

/** Same-origin file names the page itself requested (not the service worker's precache). */
function requested(page) {
    const names = [];
    page.on('request', (req) => names.push(new URL(req.url()).pathname.split('/').pop()));
    return names;
}

const has = (names, prefix) => names.some((n) => n.startsWith(prefix));

test('the start page loads only the start module and is fully usable', async () => {
    const page = await bare.context.newPage();
    const names = requested(page);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(bare.url);
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.locator('.logs-panel').waitFor();
    await page.locator('.diagnosis-panel').waitFor();
    assert.ok(has(names, 'faultline-start-'), 'the start module is loaded');
    assert.ok(!has(names, 'faultline-web-'), `the full app is not downloaded: ${names}`);
    assert.ok(!has(names, 'modes-'), 'nor the modes stylesheet');
    assert.ok(!has(names, 'reference-'), 'nor the study reference text');
    assert.equal(await page.locator('[aria-busy="true"]').count(), 0, 'no placeholder is left');
    await page.getByRole('button', { name: 'Step forward' }).click();
    await page.getByRole('button', { name: 'Step forward' }).click();
    assert.equal(await page.getByRole('slider', { name: 'Timeline' }).inputValue(), '2');
    assert.ok(await page.locator('.event-list li').count() >= 2, 'stepped events are listed');
    assert.deepEqual(errors, []);
    await page.close();
});

test('the start module carries no engine: none of its simulation\'s own text is in it', async () => {
    // The file names come from the served page's loader (content-named by the build).
    const html = await (await fetch(bare.url)).text();
    const file = (pattern) => html.match(pattern)?.[0];
    const start = file(/faultline-start-[0-9a-f]+_bg\.wasm/);
    const full = file(/faultline-web-[0-9a-f]+_bg\.wasm/);
    assert.ok(start && full, 'the loader names both modules');
    const bytes = async (name) => Buffer.from(await (await fetch(new URL(name, bare.url))).arrayBuffer());
    // Text only the engine writes: probe commands and an nginx log phrase. The start page shows a
    // puzzle simulated at build time and never runs a check.
    const engineOnly = ['s_client', 'Test-NetConnection', 'nc -vz', 'limit_req'];
    const [startBytes, fullBytes] = [await bytes(start), await bytes(full)];
    for (const text of engineOnly) {
        assert.ok(fullBytes.includes(text), `the full app has the engine's "${text}" (the marker is real)`);
        assert.ok(!startBytes.includes(text), `the start module has no "${text}"`);
    }
});

test('leaving the start page swaps in the full app once; coming back works', async () => {
    const { page, problems } = await openPage(env);
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.locator('.logs-panel').waitFor();
    const names = requested(page);
    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Sandbox' }).click();
    await page.getByRole('heading', { name: 'Break-it sandbox' }).waitFor();
    assert.ok(has(names, 'faultline-web-'), 'the full app was downloaded');
    assert.ok(has(names, 'modes-'), 'with its stylesheet');
    assert.equal(await page.locator('.site-header').count(), 1, 'one header: the start page is gone');
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(await page.locator('#load-status').count(), 0, 'no loading line is left');
    assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('aria-current')),
        'page',
        'focus continues from the followed link, now in the full app',
    );
    assert.match(await page.title(), /Sandbox/);
    // Back to the start page, now rendered by the full app: one simulator, keys handled once.
    await page.getByRole('link', { name: /Faultline/ }).click();
    await page.locator('.logs-panel').waitFor();
    assert.equal(await page.locator('main').count(), 1);
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('ArrowRight');
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    await assertSettles(() => timeline.inputValue(), '1', 'the key press steps once');
    // A second handler would step again a moment later.
    await page.waitForTimeout(300);
    assert.equal(await timeline.inputValue(), '1', 'one step per key press');
    assert.ok(!has(names, 'faultline-start-'), 'the start module is not loaded again');
    assertClean(problems);
});

test('a deep link starts the full app directly', async () => {
    const page = await bare.context.newPage();
    const names = requested(page);
    await page.goto(`${bare.url}#/packs`);
    await page.getByRole('heading', { name: 'Puzzle packs' }).waitFor();
    assert.ok(has(names, 'faultline-web-'));
    assert.ok(!has(names, 'faultline-start-'), `the start module is not downloaded: ${names}`);
    await page.close();
});

test('the start page fetches a reference entry when it is opened, and says when it cannot', async () => {
    const { page, problems } = await openPage(env);
    const names = requested(page);
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    await timeline.waitFor();
    await timeline.fill(await timeline.getAttribute('max'));
    await page.locator('.ref-link:visible').first().click();
    const panel = page.getByRole('dialog', { name: 'Study reference' });
    await panel.locator('.entry-summary').waitFor();
    assert.ok((await panel.locator('.entry-summary').innerText()).length > 10, 'the entry text is shown');
    assert.equal(names.filter((n) => /^reference-[0-9a-f]+\.json$/.test(n)).length, 1, 'fetched once, by its hashed name');
    await page.waitForTimeout(400); // the panel slides in
    await page.screenshot({ path: screenshotPath('start-reference-panel') });
    assertClean(problems);

    // Offline before the reference was ever saved: the panel explains, nothing breaks.
    const offline = await bare.context.newPage();
    await offline.route('**/reference-*.json', (route) => route.abort());
    const errors = [];
    offline.on('pageerror', (e) => errors.push(String(e)));
    await offline.goto(bare.url);
    const slider = offline.getByRole('slider', { name: 'Timeline' });
    await slider.waitFor();
    await slider.fill(await slider.getAttribute('max'));
    await offline.locator('.ref-link:visible').first().click();
    const alert = offline.getByRole('dialog', { name: 'Study reference' }).getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /could not be loaded/);
    assert.deepEqual(errors, []);
    await offline.close();
});

test('the full app fetches the study reference too, once, and says when it cannot', async () => {
    const page = await bare.context.newPage();
    const names = requested(page);
    await page.goto(`${bare.url}#/reference/status-401`);
    await page.locator('.ref-entry .entry-summary').waitFor();
    assert.equal(names.filter((n) => /^reference-[0-9a-f]+\.json$/.test(n)).length, 1, 'fetched once, by its hashed name');
    await page.close();

    const offline = await bare.context.newPage();
    await offline.route('**/reference-*.json', (route) => route.abort());
    const errors = [];
    offline.on('pageerror', (e) => errors.push(String(e)));
    await offline.goto(`${bare.url}#/reference`);
    const alert = offline.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /study reference could not be loaded/);
    assert.deepEqual(errors, []);
    await offline.close();
});

test('when the full app cannot be downloaded, the start page stays and says so', async () => {
    const page = await bare.context.newPage();
    await page.route('**/faultline-web-*', (route) => route.abort());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(bare.url);
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Endless' }).click();
    const status = page.locator('#load-status[role="alert"]');
    await status.waitFor();
    assert.match(await status.innerText(), /could not be loaded/);
    assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).count(), 1, 'the start page still works');
    // Back online: following a link again loads the full app.
    await page.unroute('**/faultline-web-*');
    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Puzzle packs' }).click();
    await page.getByRole('heading', { name: 'Puzzle packs' }).waitFor();
    assert.equal(await page.locator('#load-status').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
});

test('"Skip to content" moves focus to the page without changing the route', async () => {
    for (const path of ['', '#/packs']) {
        const page = await bare.context.newPage();
        const names = requested(page);
        await page.goto(`${bare.url}${path}`);
        await page.locator('main').first().waitFor();
        await page.locator('.logs-panel, .packs-page, main h2').first().waitFor();
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
        await page.keyboard.press('Enter');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', `focus is on <main> (${path || 'start'})`);
        assert.equal(await page.evaluate(() => location.hash), path, 'the route is unchanged');
        assert.equal(await page.getByText('Page not found').count(), 0);
        if (!path) assert.ok(!has(names, 'faultline-web-'), 'the start page stays the start page');
        await page.close();
    }
});

test('when the app itself cannot be downloaded, the page says so instead of staying blank', async () => {
    const page = await bare.context.newPage();
    await page.route('**/faultline-start-*_bg.wasm', (route) => route.abort());
    await page.goto(bare.url);
    const status = page.locator('#load-status[role="alert"]');
    await status.waitFor();
    assert.match(await status.innerText(), /could not start/);
    await page.close();
});
