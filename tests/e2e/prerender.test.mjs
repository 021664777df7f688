// The start page's first screen is in the served HTML (pre-rendered at build time by Yew's
// server-side renderer, src/shell/start_shell.rs), and the start module hydrates it: the served
// nodes stay, no frame lacks the report, focus stays; a deep link shows a loading line instead.
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
    const shell = html.slice(html.indexOf('<div id="prerendered">'), html.indexOf('<!-- /prerendered -->'));
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

/** Before any script runs: the served nodes a hydration must keep, and a record of whether a
 * visible report was on the page at the end of each mutation batch (the browser may paint after
 * any of them). */
function watchServedScreen() {
    window.__frames = [];
    const visibleReport = () => [...document.querySelectorAll('.story-panel')]
        .some((el) => el.checkVisibility({ visibilityProperty: true }));
    new MutationObserver(() => {
        if (document.body) window.__frames.push(visibleReport());
    }).observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', () => {
        const root = document.getElementById('prerendered');
        window.__served = {
            root,
            nodes: ['.site-header', '.site-header h1', '.site-header nav', '#welcome-text', '.tour-welcome .actions a', '.start-path a']
                .map((selector) => [selector, root.querySelector(selector)]),
        };
    });
}

test('the start module hydrates the served screen: its nodes stay, no frame lacks the report, and focus stays', async () => {
    const page = await env.context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.addInitScript(watchServedScreen);
    const release = await holdBack(page, /faultline-start-[0-9a-f]+_bg\.wasm$/);
    await page.goto(env.url);
    await page.locator('#prerendered .start-path a').focus();
    release();
    await page.locator('.diagnosis-panel').waitFor();
    const kept = await page.evaluate(() => window.__served.nodes
        .map(([selector, node]) => [selector, node !== null && node.isConnected && document.querySelector(selector) === node]));
    assert.deepEqual(kept.filter(([, same]) => !same), [], 'every served node is the live page\'s own');
    assert.equal(await page.evaluate(() => document.getElementById('prerendered') === window.__served.root), true);
    assert.equal(await page.evaluate(() => document.activeElement === window.__served.nodes.at(-1)[1]), true,
        'focus is still on the served link, now live');
    // From the first frame that had the served report on (the parser adds it), every one has one.
    const frames = await page.evaluate(() => window.__frames);
    const first = frames.indexOf(true);
    assert.ok(first >= 0, 'a report was shown');
    assert.deepEqual(frames.slice(first).filter((shown) => !shown), [], 'no frame after the first lacks a visible report');
    assert.equal(await page.locator('.story-panel').count(), 1, 'one report: the live one');
    assert.equal(await page.locator('.shell-loading').count(), 0, 'the loading line went with the served report');
    // The served Skip is the module's own button now: it takes the offer out of the page (the
    // loader's stand-in only hides it).
    await page.getByRole('button', { name: /Skip/ }).click();
    await page.locator('.tour-welcome').waitFor({ state: 'detached' });
    await page.evaluate(() => localStorage.removeItem('faultline.tour.seen'));
    assert.deepEqual(errors, []);
    await page.close();
});

test('focus in the served report goes to its twin in the live one', async () => {
    const page = await env.context.newPage();
    const release = await holdBack(page, /faultline-start-[0-9a-f]+_bg\.wasm$/);
    await page.goto(env.url);
    await page.locator('#prerendered .story-panel summary').focus();
    release();
    await page.locator('.diagnosis-panel').waitFor();
    const focus = await page.evaluate(() => ({
        tag: document.activeElement.tagName,
        text: document.activeElement.textContent,
        live: document.activeElement.isConnected && document.activeElement.closest('main .story-panel') !== null,
    }));
    assert.deepEqual(focus, { tag: 'SUMMARY', text: 'What was run', live: true });
    await page.close();
});

test('a deep link shows a loading line, not the start page\'s puzzle, until its page renders', async () => {
    const page = await env.context.newPage();
    const release = await holdBack(page, /faultline-web-[0-9a-f]+_bg\.wasm$/);
    await page.goto(`${env.url}#/packs`);
    const loading = page.locator('.shell-deep');
    await loading.waitFor();
    assert.ok(await loading.isVisible(), 'the loading line is visible');
    assert.equal(await page.locator('.story-panel').isVisible(), false, 'the start puzzle is not shown');
    release();
    await page.locator('#prerendered').waitFor({ state: 'detached' });
    await page.locator('#main h2').first().waitFor();
    assert.equal(await page.locator('.shell-deep').count(), 0);
    await page.close();
});

test('the largest paint is the served screen\'s, the flow is drawn as the live page draws it, the offer is hidden for a returning visitor, and Skip works before the module runs', async () => {
    // First visit: the served offer is the largest paint, and hydration keeps it (no live element
    // becomes a later, larger one).
    const page = await env.context.newPage();
    await page.addInitScript(() => {
        window.__lcp = [];
        new PerformanceObserver((list) => {
            for (const e of list.getEntries()) window.__lcp.push(e.element);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const release = await holdBack(page, /faultline-start-[0-9a-f]+_bg\.wasm$/);
    await page.goto(env.url);
    await page.locator('#prerendered #welcome-text').waitFor();
    const drawing = (where) => page.locator(`${where} .flow-diagram svg`).first().getAttribute('viewBox');
    const servedDrawing = await drawing('#prerendered main');
    release();
    await page.locator('.diagnosis-panel').waitFor();
    // A desktop sees the flow drawn as the live page then measures it (no jump when it is replaced).
    assert.equal(await drawing('main'), servedDrawing, 'the same drawing served and live at 1280 px');
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.__lcp.map((e) => e === document.getElementById('welcome-text'))), [true],
        'one largest paint: the served offer, which the live page kept');
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
