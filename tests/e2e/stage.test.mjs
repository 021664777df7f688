// The request-flow diagram as the stage: each layer a recognisable component, the packet and its
// hop, per-hop badges with timings, the failing hop once revealed; vertical on a phone (never a
// sideways scroller), the same information in reduced motion, described for screen readers; the
// diagnosis in view at laptop and desktop sizes once the request has played. Then the presenter as
// a stage and the worksheet's options. Screenshots of each in test-results/screenshots/stage-*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, noAxeViolations, openPage, screenshotPath, simulatorReady, withBrowser, playToEnd, solveByList } from './harness.mjs';

const WEBHOOKS = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'webhooks.json'), 'utf8'));
const env = withBrowser();

const VIEWPORTS = [
    ['1366', { width: 1366, height: 768 }],
    ['1920', { width: 1920, height: 1080 }],
    ['390', { width: 390, height: 844 }],
    ['360', { width: 360, height: 740 }],
];

/** Every node's box, the drawing's, and whether the page scrolls sideways. */
const geometry = (page) => page.evaluate(() => {
    const svg = document.querySelector('.flow-diagram svg');
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
    return {
        vertical: document.querySelector('.flow-diagram').classList.contains('vertical'),
        svg: box(svg),
        nodes: [...svg.querySelectorAll('.layer-node')].map((g) => ({ layer: g.dataset.layer, ...box(g.querySelector('rect')) })),
        icons: [...svg.querySelectorAll('.layer-node .layer-icon path')].map((p) => p.getAttribute('d')),
        pageScrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        figureScrolls: (() => { const f = document.querySelector('.flow-diagram'); return f.scrollWidth > f.clientWidth + 1; })(),
        innerWidth: window.innerWidth,
    };
});

test('each layer is a component with its own icon; the hops carry status and time; the failing hop shows once revealed', async () => {
    const { page, problems } = await openPage(env, { viewport: { width: 1366, height: 768 } });
    await simulatorReady(page);
    const before = await geometry(page);
    assert.equal(before.vertical, false, 'left to right on a laptop');
    assert.equal(before.icons.length, before.nodes.length, 'an icon on every node');
    assert.equal(new Set(before.icons).size, before.icons.length, 'a different icon for each layer kind');
    const caption = page.locator('.flow-diagram figcaption');
    assert.match(await caption.textContent(), /not been sent/, 'described before Play');
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.locator('.packet.pk-request').isVisible(), 'the request is a visible packet');
    assert.equal(await page.locator('.active-hop path').count(), 1, 'the hop it travels, with its direction');
    await playToEnd(page);
    const badges = await page.locator('.hop-badge').allTextContents();
    assert.ok(badges.length >= 1);
    assert.ok(badges.some((b) => /\d{3}.* · \d/.test(b) || /no response · \d/.test(b)), `a badge carries the hop's time: ${badges}`);
    const said = await caption.textContent();
    assert.match(said, /answered|no response/, 'screen readers hear each hop');
    assert.match(said, /after \d/, 'and its time');
    assert.doesNotMatch(said, /failing hop/, 'nothing given away before the answer');
    // The diagnosis is in view without scrolling once the request has played.
    const diagnosisTop = await page.locator('.diagnosis-panel').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(diagnosisTop < 768 - 80, `the diagnosis starts in view (top ${diagnosisTop})`);
    await solveByList(page);
    await page.locator('.layer-node.root-cause').waitFor();
    assert.equal(await page.locator('.failing-hop').count(), 1, 'the failing hop is drawn');
    assert.match(await caption.textContent(), /The failing hop:/);
    const root = await page.locator('.layer-node.root-cause').getAttribute('aria-label');
    assert.match(root, /root cause/);
    assertClean(problems);
    await page.close();
});

test('phone: the layers stack top to bottom, all on the page, the failing one too; nothing scrolls sideways', async () => {
    for (const viewport of [{ width: 360, height: 740 }, { width: 390, height: 844 }]) {
        const scenario = WEBHOOKS.scenarios.find((s) => s.difficulty === 'easy') ?? WEBHOOKS.scenarios[0];
        const { page, problems } = await openPage(env, { path: `#/packs/${WEBHOOKS.id}/${scenario.id}`, viewport });
        await simulatorReady(page);
        await playToEnd(page);
        await solveByList(page);
        await page.locator('.layer-node.root-cause').waitFor();
        const g = await geometry(page);
        assert.equal(g.vertical, true, `vertical at ${viewport.width}px`);
        assert.equal(g.figureScrolls, false, 'the diagram does not scroll sideways');
        assert.equal(g.pageScrollsSideways, false, 'nor does the page');
        for (const n of g.nodes) {
            assert.ok(n.left >= 0 && n.right <= g.innerWidth, `${n.layer} inside the screen (${n.left}..${n.right})`);
        }
        for (let i = 1; i < g.nodes.length; i++) assert.ok(g.nodes[i].top > g.nodes[i - 1].bottom, 'one below another');
        const badges = await page.evaluate(() => [...document.querySelectorAll('.hop-badge rect')].map((r) => r.getBoundingClientRect().right));
        for (const right of badges) assert.ok(right <= g.innerWidth, `badge inside the screen (${right})`);
        // The root-cause label sits in the gap under its node, clear of both lanes.
        const label = await page.locator('.root-label').evaluate((el) => {
            const r = el.getBoundingClientRect();
            const node = el.closest('.layer-node').querySelector('rect').getBoundingClientRect();
            return { top: r.top, nodeBottom: node.bottom, left: r.left, right: r.right, nodeLeft: node.left, nodeRight: node.right };
        });
        assert.ok(label.top >= label.nodeBottom - 1, 'under its node');
        assert.ok(label.left > label.nodeLeft && label.right < label.nodeRight, 'between the lanes');
        assertClean(problems);
        await page.close();
    }
});

test('reduced motion: the packet jumps instead of travelling, with the same badges and hop', async () => {
    const read = async (reduced) => {
        const { page } = await openPage(env, { viewport: { width: 1366, height: 768 } });
        await page.emulateMedia({ reducedMotion: reduced ? 'reduce' : 'no-preference' });
        await simulatorReady(page);
        for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(100);
        const seen = {
            packet: await page.locator('.packet').isVisible(),
            transition: await page.locator('.packet').evaluate((el) => parseFloat(getComputedStyle(el).transitionDuration)),
            badges: await page.locator('.hop-badge').allTextContents(),
            hop: await page.locator('.active-hop line').evaluate((l) => [l.getAttribute('x1'), l.getAttribute('x2')]),
        };
        await page.close();
        return seen;
    };
    const moving = await read(false);
    const still = await read(true);
    assert.ok(still.packet, 'the packet is shown in reduced motion');
    assert.ok(still.transition < 0.001, `no travel (${still.transition}s)`);
    assert.ok(moving.transition > 0.05, 'it travels otherwise');
    assert.deepEqual(still.badges, moving.badges);
    assert.deepEqual(still.hop, moving.hop);
});

test('screenshots of the stage: four sizes, light and dark, reduced motion; axe clean', async () => {
    for (const [name, viewport] of VIEWPORTS) {
        const { page, problems } = await openPage(env, { viewport });
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await simulatorReady(page);
        await playToEnd(page);
        for (const scheme of ['light', 'dark']) {
            await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
            await page.waitForTimeout(80);
            await page.screenshot({ path: screenshotPath(`stage-played-${name}-${scheme}`) });
        }
        await solveByList(page);
        await page.locator('.layer-node.root-cause').waitFor();
        await page.locator('.flow-panel').scrollIntoViewIfNeeded();
        await page.screenshot({ path: screenshotPath(`stage-solved-${name}`), fullPage: viewport.width < 500 });
        if (name === '1366' || name === '360') await noAxeViolations(page, `stage at ${name}`);
        assertClean(problems);
        await page.close();
    }
});

test('presenter as a stage: no site navigation, full-screen button, 24 px labels and the newest event in view at 1080p', async () => {
    const scenario = WEBHOOKS.scenarios[0];
    const { page, problems } = await openPage(env, { path: `#/classroom/present/${WEBHOOKS.id}/${scenario.id}`, viewport: { width: 1920, height: 1080 } });
    await page.locator('.presenter').waitFor();
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    assert.equal(await page.locator('.site-header').isVisible(), false, 'no site header or navigation');
    assert.ok(await page.getByRole('link', { name: /Choose another/ }).isVisible(), 'its own way back');
    await page.getByRole('button', { name: 'Full screen' }).click();
    await page.waitForFunction(() => document.fullscreenElement !== null, null, { timeout: 3000 }).catch(() => {});
    assert.ok(await page.evaluate(() => document.fullscreenElement === document.documentElement), 'the page fills the screen');
    await page.evaluate(() => document.exitFullscreen());
    const labelPx = await page.locator('.layer-node text').first().evaluate((t) => t.getBoundingClientRect().height);
    assert.ok(labelPx >= 24, `diagram labels at least 24 px (${labelPx})`);
    const playHeight = await page.locator('.presenter .play-button').evaluate((b) => b.getBoundingClientRect().height);
    assert.ok(playHeight >= 44, `a large play button (${playHeight})`);
    const eventPx = await page.locator('.presenter-keys').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(eventPx >= 24, `labels at least 24 px (${eventPx})`);
    await page.locator('.presenter-head h2').click();
    const slider = page.getByRole('slider', { name: 'Timeline' });
    await slider.fill(await slider.getAttribute('max'));
    await page.waitForTimeout(300);
    const newest = await page.locator('.event-list li.current').evaluate((li) => {
        const r = li.getBoundingClientRect();
        const list = li.closest('.event-list').getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, listTop: list.top, listBottom: list.bottom, inner: window.innerHeight };
    });
    assert.ok(newest.top >= newest.listTop - 1 && newest.bottom <= newest.listBottom + 1, 'the newest event is in the list\'s view');
    await page.screenshot({ path: screenshotPath('stage-presenter-1920') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: screenshotPath('stage-presenter-1366') });
    await noAxeViolations(page, 'presenter');
    assertClean(problems);
    await page.close();
});

test('worksheet options: leave out the key, choose scenarios, room to write', async () => {
    const { page, problems } = await openPage(env, { path: '#/classroom/worksheet/webhooks' });
    await page.getByRole('heading', { name: 'Troubleshooting worksheet' }).waitFor();
    const all = await page.locator('.ws-item').count();
    assert.ok(all >= 3);
    assert.equal(await page.locator('.answer-key').count(), 1, 'the key by default');
    await page.getByLabel('Print the answer key').uncheck();
    assert.equal(await page.locator('.answer-key').count(), 0, 'no key when left out');
    const second = await page.locator('.ws-item h3').nth(1).textContent();
    await page.locator('.ws-choose input').first().uncheck();
    assert.equal(await page.locator('.ws-item').count(), all - 1, 'one scenario fewer');
    assert.equal(await page.locator('.ws-item h3').first().textContent(), `1. ${second.replace(/^\d+\. /, '')}`, 'numbered afresh');
    const thin = await page.locator('.ws-answers .line').first().evaluate((el) => el.getBoundingClientRect().height);
    await page.getByLabel('Half a page each').check();
    const roomy = await page.locator('.ws-answers .line').first().evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(roomy > thin * 3, `more room to write (${thin} → ${roomy})`);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.ws-options').isVisible(), false, 'the options do not print');
    await page.screenshot({ path: screenshotPath('stage-worksheet-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    for (const input of await page.locator('.ws-choose input').all()) await input.uncheck();
    assert.equal(await page.locator('.ws-item').count(), 0);
    await page.getByText('No scenario chosen').waitFor();
    await page.locator('.ws-choose input').first().check();
    await noAxeViolations(page, 'worksheet with options');
    assertClean(problems);
    await page.close();
});
