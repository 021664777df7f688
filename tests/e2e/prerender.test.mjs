// The start page's first screen is in the served HTML (pre-rendered at build time by Yew's
// server-side renderer, src/shell/start_shell.rs), and the live page takes its place without a
// frame lacking the report and without losing focus; a deep link shows a loading line instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from './harness.mjs';

const env = withBrowser({ serviceWorkers: 'block' });

/** Holds back every request for files matching `pattern` until `release()` is called. */
async function holdBack(page, pattern) {
    let release;
    const released = new Promise((done) => { release = done; });
    await page.route(pattern, async (route) => {
        await released;
        await route.continue();
    });
    return release;
}

const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

test('the start page\'s first screen is in the served HTML, and it answers nothing', async () => {
    const html = await (await fetch(env.url)).text();
    const shell = html.slice(html.indexOf('<div id="prerendered">'), html.indexOf('<div id="app">'));
    assert.ok(shell.length > 1000, 'index.html carries the pre-rendered first screen');
    const served = text(shell);
    // What the live page shows in its report is already there, word for word.
    const page = await env.context.newPage();
    await page.goto(env.url);
    await page.locator('.diagnosis-panel').waitFor();
    const report = await page.locator('.story-panel dd').allTextContents();
    assert.ok(report.length >= 3, 'the live report has its lines');
    for (const line of report) assert.ok(served.includes(line.replace(/\s+/g, ' ').trim()), `served HTML has "${line}"`);
    assert.ok(served.includes('Take the First hour path'), 'and the path link');
    assert.ok(served.includes('Something in this request breaks'), 'and the invitation');
    // Nothing of the diagnosis: no questions, no answer markers, no script.
    for (const marker of ['diagnosis-panel', 'root-label', 'failing-hop', 'data-root', 'data-answer', 'data-fault', 'root-cause', '<script']) {
        assert.ok(!shell.includes(marker), `no "${marker}" in the pre-rendered HTML`);
    }
    await page.close();
});

test('without WebAssembly the first screen is readable, and its links work', async () => {
    const page = await env.context.newPage();
    await page.route(/\.wasm$/, (route) => route.abort());
    await page.goto(env.url);
    await page.getByRole('heading', { name: 'The report' }).waitFor();
    assert.ok(await page.getByRole('link', { name: 'Take the First hour path' }).isVisible());
    assert.ok(await page.getByText('Loading the simulator…').isVisible(), 'the screen says it is still loading');
    await page.close();
});

test('the live page replaces the pre-rendered one with no frame lacking the report, and focus stays', async () => {
    const page = await env.context.newPage();
    // Every mutation batch ends before the browser may paint: record whether a visible report was
    // on the page at the end of each one, from the first on.
    await page.addInitScript(() => {
        window.__frames = [];
        const visibleReport = () => [...document.querySelectorAll('.story-panel')]
            .some((el) => el.checkVisibility({ visibilityProperty: true }));
        new MutationObserver(() => {
            if (document.body) window.__frames.push(visibleReport());
        }).observe(document, { childList: true, subtree: true });
    });
    const release = await holdBack(page, /faultline-start-[0-9a-f]+_bg\.wasm$/);
    await page.goto(env.url);
    const shellLink = page.locator('#prerendered .start-path a');
    await shellLink.focus();
    assert.equal(await page.evaluate(() => document.activeElement.closest('#prerendered') !== null), true);
    release();
    await page.locator('#prerendered').waitFor({ state: 'detached' });
    await page.locator('#app .diagnosis-panel').waitFor();
    const focus = await page.evaluate(() => ({
        inApp: document.activeElement.closest('#app .start-path') !== null,
        text: document.activeElement.textContent,
    }));
    assert.deepEqual(focus, { inApp: true, text: 'Take the First hour path' }, 'focus moved to the live link');
    const frames = await page.evaluate(() => window.__frames);
    const first = frames.indexOf(true);
    assert.ok(first >= 0, 'a report was shown');
    assert.deepEqual(frames.slice(first).filter((shown) => !shown), [], 'no frame after the first lacks a visible report');
    assert.equal(await page.locator('.story-panel').count(), 1, 'one report: the live one');
    await page.close();
});

test('a deep link shows a loading line, not the start page\'s puzzle, until its page renders', async () => {
    const page = await env.context.newPage();
    const release = await holdBack(page, /faultline-web-[0-9a-f]+_bg\.wasm$/);
    await page.goto(`${env.url}#/packs`);
    const loading = page.locator('#prerendered .shell-deep');
    await loading.waitFor();
    assert.ok(await loading.isVisible(), 'the loading line is visible');
    assert.equal(await page.locator('.story-panel').isVisible(), false, 'the start puzzle is not shown');
    release();
    await page.locator('#prerendered').waitFor({ state: 'detached' });
    await page.locator('#main h2').first().waitFor();
    assert.equal(await page.locator('.shell-deep').count(), 0);
    await page.close();
});

test('the tour offer and the flow are pre-rendered at the live page\'s size, the offer hidden for a returning visitor, and Skip works before the module runs', async () => {
    // First visit: the served offer is painted before the module runs, and the live banner that
    // replaces it is no larger, so the page's largest paint stays the served screen's.
    const page = await env.context.newPage();
    await page.addInitScript(() => {
        window.__lcp = [];
        new PerformanceObserver((list) => {
            for (const e of list.getEntries()) window.__lcp.push(e.element?.closest('#app') ? 'live' : 'served');
        }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const release = await holdBack(page, /faultline-start-[0-9a-f]+_bg\.wasm$/);
    await page.goto(env.url);
    const served = page.locator('#prerendered #welcome-text');
    await served.waitFor();
    const servedBox = await served.boundingBox();
    const drawing = (where) => page.locator(`${where} .flow-diagram svg`).first().getAttribute('viewBox');
    const servedDrawing = await drawing('#prerendered');
    release();
    await page.locator('#prerendered').waitFor({ state: 'detached' });
    await page.locator('#app .diagnosis-panel').waitFor();
    const liveBox = await page.locator('#app #welcome-text').boundingBox();
    assert.deepEqual([liveBox.width, liveBox.height], [servedBox.width, servedBox.height], 'same size served and live');
    // A desktop sees the flow drawn as the live page then measures it (no jump at the swap).
    assert.equal(await drawing('#app'), servedDrawing, 'the same drawing served and live at 1280 px');
    await page.waitForTimeout(300);
    assert.deepEqual([...new Set(await page.evaluate(() => window.__lcp))], ['served'], 'the largest paint is the served screen\'s');
    await page.close();

    // A visitor who answered it: hidden before the first paint (nothing loads the module here).
    const back = await env.context.newPage();
    await back.addInitScript(() => localStorage.setItem('faultline.tour.seen', '1'));
    await back.route(/\.wasm$/, (route) => route.abort());
    await back.goto(env.url);
    await back.getByRole('heading', { name: 'The report' }).waitFor();
    assert.equal(await back.locator('.tour-welcome').isVisible(), false, 'no offer for a returning visitor');
    await back.evaluate(() => localStorage.removeItem('faultline.tour.seen'));
    await back.close();

    // Skip on the served offer, before any WebAssembly has run: gone, and remembered.
    const early = await env.context.newPage();
    await early.route(/\.wasm$/, (route) => route.abort());
    await early.goto(env.url);
    const offer = early.getByRole('region', { name: /Take the two-minute tour/ });
    await offer.waitFor();
    assert.equal(await offer.getByRole('link', { name: 'Start the tour' }).getAttribute('href'), '#/tour');
    await offer.getByRole('button', { name: /Skip/ }).click();
    await offer.waitFor({ state: 'hidden' });
    assert.equal(await early.evaluate(() => localStorage.getItem('faultline.tour.seen')), '1');
    await early.evaluate(() => localStorage.removeItem('faultline.tour.seen'));
    await early.close();
});
