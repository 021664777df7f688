// The screenshot review: every screen at 1366×768, 1920×1080, 390×844 and 360×740, light and dark,
// in reduced motion (the simulator also mid-flight with motion), written to
// test-results/screenshots/screens-<screen>-<size>-<scheme>.png (phones also full page) for a
// person to look at. What a look found is asserted here: no screen scrolls sideways, the presenter
// keeps its newest event, controls and whole report on the screen with labels at projector size,
// every label on the stage fits its node, and the simulator at 1366×768 and 1920×1080 shows the
// diagnosis once played (the tour's offer showing) with no empty band beside the inspector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, noAxeViolations, openPage, screenshotPath, simulatorReady, withBrowser, playToEnd, solveByList } from './harness.mjs';

const WEBHOOKS = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'webhooks.json'), 'utf8'));
const CRM = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'crm-integration.json'), 'utf8'));
const INDEX = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'index.json'), 'utf8'));
const env = withBrowser({ puzzleView: 'evidence' });

const SIZES = [
    ['1366', { width: 1366, height: 768 }],
    ['1920', { width: 1920, height: 1080 }],
    ['390', { width: 390, height: 844 }],
    ['360', { width: 360, height: 740 }],
];

const heading = (page) => page.locator('h1').first().waitFor();
const presenterPath = `#/classroom/present/${WEBHOOKS.id}/${WEBHOOKS.scenarios[0].id}`;
/** A scenario whose flow has the Integration layer (the stage's longest label). */
const integration = CRM.scenarios[0];

/** Laptop and projector: once the request has played, the diagnosis' question and first choice
 *  are on the first screen, with the tour's offer and the path line above the workspace. */
async function diagnosisInView(page, size) {
    if (size !== '1366' && size !== '1920') return;
    await page.evaluate(() => window.scrollTo(0, 0));
    const seen = await page.evaluate(() => ({
        offer: Boolean(document.querySelector('.tour-welcome')),
        choice: document.querySelector('.diagnosis-panel .choice').getBoundingClientRect().bottom,
        height: innerHeight,
    }));
    assert.ok(seen.offer, 'the tour offer is showing (the tallest start page)');
    assert.ok(seen.choice <= seen.height, `${size}: the diagnosis' first choice in view without scrolling (${seen.choice} > ${seen.height})`);
}

/** Laptop and projector: the inspector ends with the events and network beside it (no empty band
 *  under either) and the logs follow right below. */
async function noBandBesideInspector(page, size) {
    if (size !== '1366' && size !== '1920') return;
    const b = await page.evaluate(() => {
        const r = (sel) => document.querySelector(sel).getBoundingClientRect();
        return { stack: r('.col-stack').bottom, inspector: r('.inspector-panel').bottom, row: r('.evidence-row').bottom, logs: r('.logs-panel').top };
    });
    assert.ok(Math.abs(b.stack - b.inspector) <= 2, `${size}: events column and inspector end together (${b.stack}, ${b.inspector})`);
    assert.ok(b.logs - b.row <= 24, `${size}: the logs right below the inspector (${b.row} → ${b.logs})`);
}

// [name, route, what to do once the page is there, optional check at each size]
const SCREENS = [
    ['start', '#/', simulatorReady],
    ['sim-played', '#/', async (page) => { await simulatorReady(page); await playToEnd(page); }, diagnosisInView],
    ['sim-diagnosed', '#/', async (page) => {
        await simulatorReady(page);
        await playToEnd(page);
        await solveByList(page);
        await page.locator('.layer-node.root-cause').waitFor();
    }, noBandBesideInspector],
    ['crm-played', `#/packs/${CRM.id}/${integration.id}`, async (page) => { await simulatorReady(page); await playToEnd(page); }],
    ['sandbox', '#/sandbox', heading],
    ['packs', '#/packs', heading],
    ['pack', `#/packs/${WEBHOOKS.id}`, heading],
    ['reference', '#/reference', heading],
    ['reference-entry', '#/reference/step-isolate-layer', heading],
    ['progress', '#/progress', heading],
    ['builder', '#/builder', heading],
    ['classroom', '#/classroom', heading],
    ['presenter', presenterPath, async (page) => {
        await page.locator('.presenter .flow-diagram').waitFor();
        const slider = page.getByRole('slider', { name: 'Timeline' });
        await slider.fill(await slider.getAttribute('max'));
        await page.waitForTimeout(200);
    }],
    ['presenter-revealed', presenterPath, async (page) => {
        await page.locator('.presenter .flow-diagram').waitFor();
        await page.getByRole('button', { name: 'Reveal the diagnosis' }).click();
        await page.locator('.reveal-box').waitFor();
    }],
    ['worksheet', `#/classroom/worksheet/${WEBHOOKS.id}`, heading],
    ['path', `#/paths/${INDEX.paths[0].id}`, heading],
];

/** Whether the page scrolls sideways (the one thing no screen may do). */
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

async function shootAll(page, name, check) {
    for (const [size, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        await page.waitForTimeout(120);
        await check?.(page, size);
        for (const scheme of ['light', 'dark']) {
            await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            await page.screenshot({ path: screenshotPath(`screens-${name}-${size}-${scheme}`) });
            if (viewport.width < 500 && scheme === 'light') {
                await page.screenshot({ path: screenshotPath(`screens-${name}-${size}-full`), fullPage: true });
            }
        }
        assert.equal(await sideways(page), false, `${name} at ${size} scrolls sideways`);
    }
}

for (const [name, route, prepare, check] of SCREENS) {
    test(`screens: ${name} at four sizes, light and dark`, async () => {
        const { page, problems } = await openPage(env, { path: route, viewport: { width: 1366, height: 768 } });
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await prepare(page);
        await shootAll(page, name, check);
        assertClean(problems);
        await page.close();
    });
}

test('screens: the class session (setup, presenter, audience, results)', async () => {
    const { page, problems } = await openPage(env, { path: '#/classroom', viewport: { width: 1366, height: 768 } });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByRole('button', { name: 'Start a class session' }).click();
    await page.getByRole('heading', { name: 'Students join here' }).waitFor();
    const token = page.url().match(/#\/classroom\/session\/([a-z0-9-]+)$/)[1];
    await shootAll(page, 'session');
    const audience = await env.context.newPage();
    await audience.setViewportSize({ width: 1920, height: 1080 });
    await audience.goto(`${env.url}#/classroom/audience/${token}`);
    await audience.locator('.presenter .flow-diagram').waitFor();
    await shootAll(audience, 'audience');
    await audience.close();
    await page.goto(`${env.url}#/classroom/results/${token}`);
    await page.getByRole('heading', { name: /^Results: / }).waitFor();
    await shootAll(page, 'results');
    assertClean(problems);
    await page.close();
});

test('screens: the simulator mid-flight with motion', async () => {
    const { page, problems } = await openPage(env, { path: '#/', viewport: { width: 1366, height: 768 } });
    await simulatorReady(page);
    await page.locator('h1').first().click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    for (const [size, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        await page.waitForTimeout(150);
        await page.screenshot({ path: screenshotPath(`screens-sim-motion-${size}`) });
    }
    assertClean(problems);
    await page.close();
});

/** Each stage label's box against its node's: the label fits with room on both sides. */
const labelFits = (page) => page.evaluate(() => [...document.querySelectorAll('.flow-diagram .layer-node')].map((g) => {
    const node = g.querySelector('rect').getBoundingClientRect();
    const label = g.querySelector('text:not(.tried-mark):not(.root-label)').getBoundingClientRect();
    const scale = node.width / Number(g.querySelector('rect').getAttribute('width'));
    return { layer: g.dataset.layer, left: (label.left - node.left) / scale, right: (node.right - label.right) / scale, width: label.width, nodeWidth: node.width };
}));

test('every label on the stage fits its node with room on both sides, at every size', async () => {
    // The longest labels: Integration (CRM flows) and Edge (CDN) (a world with a CDN).
    for (const route of [`#/packs/${CRM.id}/${integration.id}`, '#/endless?seed=3&difficulty=easy&topic=edge', '#/']) {
        const { page, problems } = await openPage(env, { path: route, viewport: { width: 1366, height: 768 } });
        await simulatorReady(page);
        for (const [size, viewport] of SIZES) {
            await page.setViewportSize(viewport);
            await page.waitForTimeout(150);
            for (const l of await labelFits(page)) {
                assert.ok(l.width < l.nodeWidth, `${route} ${size}: ${l.layer} narrower than its node`);
                assert.ok(l.left >= 5 && l.right >= 5, `${route} ${size}: ${l.layer} clear of its node's edges (${l.left.toFixed(1)}, ${l.right.toFixed(1)} units)`);
            }
        }
        assertClean(problems);
        await page.close();
    }
});

const REST = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'rest-methods-and-requests.json'), 'utf8'));
const GATEWAYS = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'gateways-rate-limits-5xx.json'), 'utf8'));
/** The packs' longest report (an eight-layer flow) and a nine-layer flow (a CDN in front). */
const longestReport = REST.scenarios.find((s) => s.id === 'uptime-script-says-chats-endpoint-is-down');
const nineLayers = GATEWAYS.scenarios.find((s) => s.id === 'every-api-call-hangs-then-returns-a-branded-error-page');

test('presenter: the stage fills the screen at 1366×768 and 1920×1080, the newest event, the controls and the whole report in view', async () => {
    for (const [route, what, layers] of [
        [presenterPath, 'a four-layer flow', 4],
        [`#/classroom/present/${REST.id}/${longestReport.id}`, 'an eight-layer flow with the longest report', 8],
        [`#/classroom/present/${GATEWAYS.id}/${nineLayers.id}`, 'a nine-layer flow', 9],
    ]) {
        for (const [size, viewport] of SIZES.slice(0, 2)) {
            const { page, problems } = await openPage(env, { path: route, viewport });
            await page.emulateMedia({ reducedMotion: 'reduce' });
            await page.locator('.presenter .flow-diagram').waitFor();
            const slider = page.getByRole('slider', { name: 'Timeline' });
            await slider.fill(await slider.getAttribute('max'));
            await page.waitForTimeout(300);
            const seen = await page.evaluate(() => {
                const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
                return {
                    newest: box('.event-list li.current'),
                    play: box('.presenter .play-button'),
                    answer: box('.presenter-answer'),
                    reveal: box('.reveal-button'),
                    clock: box('.presenter .countdown'),
                    story: box('.presenter-story'),
                    storyClipped: (() => { const s = document.querySelector('.presenter-story'); return s.scrollHeight > s.clientHeight + 1; })(),
                    layers: document.querySelectorAll('.presenter .layer-node').length,
                    // The rendered size of the smallest label: its font size times the drawing's scale.
                    label: Math.min(...[...document.querySelectorAll('.presenter .layer-node')].map((g) => {
                        const rect = g.querySelector('rect');
                        const text = g.querySelector('text:not(.tried-mark):not(.root-label)');
                        return parseFloat(getComputedStyle(text).fontSize) * rect.getBoundingClientRect().width / Number(rect.getAttribute('width'));
                    })),
                    rows: [...document.querySelectorAll('.event-list li')].map((li) => li.getBoundingClientRect().height),
                    scrolls: document.scrollingElement.scrollHeight > innerHeight + 1,
                    inner: { width: innerWidth, height: innerHeight },
                };
            });
            await page.screenshot({ path: screenshotPath(`screens-presenter-check-${layers}-layers-${size}`) });
            const inView = (b, name) => assert.ok(b.top >= 0 && b.bottom <= seen.inner.height + 0.5 && b.left >= 0 && b.right <= seen.inner.width,
                `${what} at ${size}: ${name} inside the screen (${JSON.stringify(b)})`);
            inView(seen.newest, 'the newest event');
            inView(seen.play, 'the play button');
            inView(seen.reveal, 'the reveal button');
            inView(seen.clock, 'the timer');
            inView(seen.story, 'the report');
            assert.equal(seen.storyClipped, false, `${what} at ${size}: the whole report, not clipped`);
            assert.equal(seen.layers, layers, `${what}: ${layers} layers on the stage`);
            assert.ok(Math.max(...seen.rows) < 160, `${what} at ${size}: event rows keep their own height (${seen.rows})`);
            assert.equal(seen.scrolls, false, `${what} at ${size}: the page does not scroll`);
            assert.ok(seen.play.bottom - seen.play.top >= 40, 'a large play button');
            if (size === '1920') assert.ok(seen.label >= 24, `${what}: labels at least 24 px at 1080p (${seen.label.toFixed(1)})`);
            await page.getByRole('button', { name: 'Reveal the diagnosis' }).click();
            await page.locator('.reveal-box').waitFor();
            const answer = await page.locator('.reveal-box .answer').first().evaluate((el) => el.getBoundingClientRect().bottom);
            assert.ok(answer <= viewport.height, `${what} at ${size}: the revealed layer in view`);
            const report = await page.locator('.presenter-story').evaluate((s) => ({ clipped: s.scrollHeight > s.clientHeight + 1, bottom: s.getBoundingClientRect().bottom }));
            assert.ok(!report.clipped && report.bottom <= viewport.height, `${what} at ${size}: the whole report still in view once revealed`);
            // The stage's scroll boxes (report, answer, events) are reachable by keyboard.
            if (size === '1366') await noAxeViolations(page, `presenter revealed (${what}, ${size})`);
            await page.screenshot({ path: screenshotPath(`screens-presenter-check-${layers}-layers-${size}-revealed`) });
            assertClean(problems);
            await page.close();
        }
    }
});
