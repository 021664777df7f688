// The font warm-up (assets/pwa/fonts.js): once the full app runs, the fonts the puzzle pages use
// are laid out unseen, one per idle moment, so the first Investigate page does not set them up
// inside its own first layout. Its list must cover every face the page shows, it must leave no
// trace in the page, and it comes from the build's own precached file under the page's CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, openPage, withBrowser } from './harness.mjs';
import { SPECIMENS } from '../../assets/pwa/fonts.js';

const SCENARIOS = [
    '#/packs/webhooks/deliveries-refused-since-receiver-restored-backup',
    '#/packs/gateways-rate-limits-5xx/partner-dashboard-refused-since-yesterdays-release',
];
const env = withBrowser({ serviceWorkers: 'block' });

const warmed = (page) => page.waitForFunction(() => window.faultlineFonts?.done || window.faultlineFonts?.error, null, { timeout: 30000 })
    .then(() => page.evaluate(() => window.faultlineFonts));

/** Every [family, size in px, weight] that text on the page is drawn in, the diagram's included. */
const facesOnPage = (page) => page.evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    const families = { mono: root.getPropertyValue('--mono').trim(), sans: root.getPropertyValue('--sans').trim() };
    const faces = new Set();
    for (const el of document.querySelectorAll('body *')) {
        if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) continue;
        if (!el.getClientRects().length && !(el instanceof SVGElement)) continue;
        const style = getComputedStyle(el);
        const family = Object.keys(families).find((k) => style.fontFamily.replaceAll('"', '') === families[k].replaceAll('"', '')) ?? style.fontFamily;
        faces.add(`${family} ${parseFloat(style.fontSize)}px ${style.fontWeight}`);
    }
    return [...faces];
});

test('the warm-up covers every face the Investigate page shows, its checks\' output included', async () => {
    const listed = new Set(SPECIMENS.map(([family, size, weight]) => `${family} ${parseFloat(size) * 16}px ${weight}`));
    const { page, problems } = await openPage(env, { path: SCENARIOS[0] });
    const missing = new Set();
    for (const [i, scenario] of SCENARIOS.entries()) {
        if (i > 0) await page.evaluate((r) => { location.hash = r; }, scenario);
        await page.locator('.tools-panel .tool').first().waitFor();
        const tools = await page.locator('.tools-panel .tool').all();
        for (const [n, tool] of tools.entries()) {
            await tool.click();
            await page.waitForFunction((n) => document.querySelectorAll('.probe-timeline li').length >= n, n + 1);
        }
        for (const face of await facesOnPage(page)) if (!listed.has(face)) missing.add(face);
    }
    assert.deepEqual([...missing], [], 'add these to SPECIMENS in assets/pwa/fonts.js');
    assertClean(problems);
    await page.close();
});

test('after a deep link the fonts are warmed from the build\'s own file, leaving nothing behind', async () => {
    const { page, problems } = await openPage(env, { path: '#/packs' });
    await page.locator('h1').first().waitFor();
    const children = await page.evaluate(() => document.body.children.length);
    const report = await warmed(page);
    assert.deepEqual(report, { warmed: SPECIMENS.length, done: true }, 'every specimen was laid out');
    assert.equal(await page.evaluate(() => document.body.children.length), children, 'the specimen box is gone');
    const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
    const file = requested.map((p) => p.split('/').pop()).find((f) => f.startsWith('fonts-'));
    assert.match(file ?? '', /^fonts-[0-9a-f]{16}\.js$/, `the module is named after its content: ${requested}`);
    const dist = join(ROOT, 'dist');
    assert.ok(readdirSync(dist).includes(file), 'the module is in the build');
    assert.ok(readFileSync(join(dist, 'sw.js'), 'utf8').includes(`"path": "${file}"`), 'the service worker precaches it');
    assertClean(problems);
    await page.close();
});

test('the start page warms no fonts; leaving it does', async () => {
    const { page, problems } = await openPage(env, { path: '' });
    await page.waitForFunction(() => window.wasmBindings, null, { timeout: 30000 });
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.faultlineFonts ?? null), null, 'the start page has no puzzle pages to warm for');
    await page.evaluate(() => { location.hash = '#/packs'; });
    assert.deepEqual(await warmed(page), { warmed: SPECIMENS.length, done: true });
    assertClean(problems);
    await page.close();
});
