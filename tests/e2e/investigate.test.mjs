// Investigate mode: a medium pack scenario opens with the report and the toolbox only; the learner
// runs checks by keyboard, pins an output line, rules a layer out, answers the diagnosis and sees
// par and the expert path. The view choice is remembered across reloads (an unreadable one is
// kept aside), easy puzzles and the tour keep the full evidence, touch targets hold at 360 px,
// axe finds nothing, and screenshots at 1366 and 390 px, light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, assertSettles, noAxeViolations, openPage, screenshotPath, storeOnly, withBrowser } from './harness.mjs';

const PACK = 'webhooks';
const MEDIUM = `#/packs/${PACK}/deliveries-refused-since-receiver-restored-backup`;
const EASY = `#/packs/${PACK}/no-tickets-since-this-mornings-settings-change`;
const KEY = 'faultline.puzzle.view';

const env = withBrowser({}, { clearStorageEachTest: true });

const ready = (page) => page.locator('.tools-panel .tool').first().waitFor();

/** Runs a check by keyboard: focus its button in the toolbox, press Enter. */
async function runByKeyboard(page, probe) {
    const before = await page.locator('.probe-timeline li').count();
    const button = page.locator(`.tool[data-probe="${probe}"]`);
    await button.focus();
    await page.keyboard.press('Enter');
    await assertCount(page.locator('.probe-timeline li'), before + 1, `${probe} on the timeline`);
}

const assertCount = (locator, n, message) => assertSettles(() => locator.count(), n, message);

/** Answers every step by trying the choices in order until the feedback says right. */
async function solve(page) {
    for (let guard = 0; guard < 40 && !(await page.locator('.finale').count()); guard++) {
        await page.locator('.question .choice:not([disabled])').first().click();
        await page.waitForTimeout(60);
    }
    await page.locator('.finale').waitFor();
}

test('a medium scenario is investigated by keyboard: run, pin, rule out, diagnose, see par', async () => {
    const { page, problems } = await openPage(env, { path: MEDIUM, viewport: { width: 1366, height: 900 } });
    await ready(page);
    // Only the ticket: the report and what was run; no events, network, logs or artefacts.
    await page.locator('.story-panel').waitFor();
    for (const panel of ['.events-panel', '.network-panel', '.logs-panel', '.artifacts-panel', '.inspector-panel']) {
        assert.equal(await page.locator(panel).count(), 0, `${panel} is not shown`);
    }
    assert.equal(await page.locator('[data-view="investigate"]').getAttribute('aria-pressed'), 'true');
    const nodes = page.locator('.layer-node');
    assert.equal(await nodes.count(), await page.locator('.layer-node.mark-unexamined').count(), 'every layer unexamined at first');

    // The search runs its only match on Enter.
    const search = page.getByRole('searchbox', { name: 'Find a check' });
    await search.fill('reproduce');
    await search.focus();
    await assertCount(page.locator('.tools-panel .tool'), 1, 'the search leaves one check');
    await page.keyboard.press('Enter');
    await page.locator('.term-command').waitFor();
    await assertSettles(() => page.locator('[data-live="probe"]').textContent().then((t) => t.startsWith('Reproduce the request')), true, 'the result is announced');
    await search.fill('');

    // The hint names a probe (never a layer or a cause); run it by keyboard.
    await page.getByRole('button', { name: 'Which check next? (hint)' }).click();
    const hint = await page.locator('.probe-hint').textContent();
    assert.match(hint, /^Try next: /, hint);
    const hinted = await page.locator('.tool').evaluateAll((buttons, hint) =>
        buttons.find((b) => hint.includes(b.querySelector('.tool-label').textContent))?.dataset.probe, hint);
    assert.ok(hinted, `the hint names a check in the toolbox: ${hint}`);
    await runByKeyboard(page, hinted);
    const spent = await page.locator('.clock strong').textContent();
    assert.match(spent, /^\d+ min$/);
    assert.notEqual(spent, '0 min');

    // Running a check again shows its earlier result and costs nothing.
    await page.locator('.tool[data-probe="reproduce"]').focus();
    await page.keyboard.press('Enter');
    await assertCount(page.locator('.probe-timeline li'), 2, 'no second run');
    await page.locator('.terminal-note').waitFor();
    assert.equal(await page.locator('.clock strong').textContent(), spent, 'a rerun costs no minutes');

    // Pin a line of output with the keyboard.
    const line = page.locator('.term-line').first();
    const text = (await line.textContent()).trim();
    await line.focus();
    await page.keyboard.press('Space');
    await assertSettles(() => line.getAttribute('aria-pressed'), 'true', 'the line is pinned');
    await assert.doesNotReject(page.locator('.pins .pin-text').getByText(text, { exact: true }).waitFor());

    // Rule a layer out: a reason is needed.
    const layer = await page.locator('.rule-form select option').nth(1).getAttribute('value');
    await page.locator('.rule-form select').selectOption(layer);
    await page.getByRole('button', { name: 'Rule out' }).click();
    await assert.doesNotReject(page.locator('.rule-form .field-problem').getByText(/Say in one line why/).waitFor());
    await page.getByLabel('Why, in one line').fill('its answers look healthy');
    await page.getByRole('button', { name: 'Rule out' }).click();
    await assert.doesNotReject(page.locator('.rulings li').getByText('its answers look healthy').waitFor());
    await page.locator(`.layer-node.mark-ruled-out[data-layer="${layer}"]`).waitFor();
    await noAxeViolations(page, 'investigating');

    await solve(page);
    const note = await page.locator('.score-note').textContent();
    assert.match(note, /^Investigation: \d+ min \((par \d+ min|no par)/, note);
    await page.locator('.paths-panel').waitFor();
    assert.equal(await page.locator('.path-list.yours li').count(), 2, 'the learner path has both checks');
    await assert.doesNotReject(page.locator('.paths-panel h3').getByText(/^Expert: /).waitFor());
    await noAxeViolations(page, 'finished');
    assertClean(problems);
    await page.close();
});

test('the view choice is remembered across a reload; unreadable choices are kept aside', async () => {
    const { page, problems } = await openPage(env, { path: MEDIUM });
    await ready(page);
    await page.locator('[data-view="evidence"]').click();
    await page.locator('.logs-panel').waitFor();
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), 'evidence');
    await page.reload();
    await page.locator('.logs-panel').waitFor();
    assert.equal(await page.locator('.tools-panel').count(), 0, 'still the full evidence after reload');
    assert.equal(await page.locator('[data-view="evidence"]').getAttribute('aria-pressed'), 'true');
    // The choice holds for an easy puzzle too, and switching back is remembered the same way.
    await page.goto(`${page.url().split('#')[0]}${EASY}`);
    await page.locator('.logs-panel').waitFor();
    await page.locator('[data-view="investigate"]').click();
    await ready(page);
    await page.reload();
    await ready(page);

    await storeOnly(page, { [KEY]: '{"view": 3}' });
    await page.reload();
    await page.locator('.view-switch .notice').getByText(/could not be read/).waitFor();
    // Easy: the default (full evidence), since the stored choice could not be read.
    await page.locator('.logs-panel').waitFor();
    const aside = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('faultline.aside.puzzle-view.'))
        .map((k) => localStorage.getItem(k)));
    assert.deepEqual(aside, ['{"view": 3}'], 'the unreadable choice is kept aside, untouched');
    assertClean(problems);
    await page.close();
});

test('easy puzzles and the tour keep the full evidence by default; the start page has no switch', async () => {
    const { page, problems } = await openPage(env, { path: EASY });
    await page.locator('.logs-panel').waitFor();
    assert.equal(await page.locator('[data-view="evidence"]').getAttribute('aria-pressed'), 'true');
    await page.goto(`${page.url().split('#')[0]}#/tour`);
    await page.locator('.logs-panel').waitFor();
    assert.equal(await page.locator('.view-switch').count(), 0, 'the tour has no switch');
    await page.goto(`${page.url().split('#')[0]}#/`);
    await page.locator('.story-panel').waitFor();
    assert.equal(await page.locator('.view-switch').count(), 0, 'the start page has no switch');
    assertClean(problems);
    await page.close();
});

test('at 360 px every control is a touch-size target and nothing scrolls sideways', async () => {
    const { page, problems } = await openPage(env, { path: MEDIUM, viewport: { width: 360, height: 780 } });
    await ready(page);
    await page.locator('.tool[data-probe="reproduce"]').click();
    await page.locator('.term-line').first().click();
    await page.locator('.pins li').waitFor();
    const small = await page.evaluate(() => [...document.querySelectorAll(
        '.view-option, .tools-search input, .tool, .term-line, .timeline-item, .pins button, .rule-form select, .rule-form input, .rule-buttons button, .clock-panel button')]
        .map((el) => [el.className, el.getBoundingClientRect()])
        .filter(([, r]) => r.height < 44 || r.width < 44)
        .map(([c, r]) => `${c} ${Math.round(r.width)}×${Math.round(r.height)}`));
    assert.deepEqual(small, [], 'every target is at least 44 px');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scroll (${overflow}px)`);
    await noAxeViolations(page, 'phone');
    assertClean(problems);
    await page.close();
});

test('screenshots: 1366 and 390 px, light and dark', async () => {
    for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
        for (const scheme of ['light', 'dark']) {
            const { page } = await openPage(env, { path: MEDIUM, viewport });
            await page.emulateMedia({ colorScheme: scheme });
            await ready(page);
            for (const probe of ['reproduce', 'webhook-delivery-log']) {
                await page.locator(`.tool[data-probe="${probe}"]`).click();
                await page.locator('.probe-timeline li').nth(probe === 'reproduce' ? 0 : 1).waitFor();
            }
            await page.locator('.term-line').nth(1).click();
            await page.getByLabel('Why, in one line').fill('dig answers the right address');
            await page.locator('.rule-form select').selectOption('dns').catch(() => {});
            await page.getByRole('button', { name: 'Rule out' }).click();
            await page.evaluate(() => document.activeElement?.blur());
            await page.screenshot({ path: screenshotPath(`investigate-${label}-${scheme}`), fullPage: label === 'desktop' });
            if (label === 'phone') {
                await page.locator('.terminal-panel').scrollIntoViewIfNeeded();
                await page.screenshot({ path: screenshotPath(`investigate-${label}-${scheme}-terminal`) });
            }
            await page.close();
        }
    }
});
