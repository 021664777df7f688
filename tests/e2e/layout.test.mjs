// Layout at a laptop and a phone width: long unbroken strings (URLs, JWTs, error codes) wrap or
// are truncated inside their panel; nothing spills over a neighbour, and the page never scrolls
// sideways. Elements meant to scroll sideways carry the class `scroll-x`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, openPage, screenshotPath, withBrowser } from './harness.mjs';

// Scenario ids come from the pack itself, so renaming a scenario does not break this test.
const CHAT = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'live-chat-websockets.json'), 'utf8'));

const env = withBrowser({ dir: process.env.MODES_DIST || undefined, puzzleView: 'evidence' });

const VIEWPORTS = [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 780 }]];
const SCREENS = [
    // [name, route, what to do before measuring]
    ['home-wrong', '#/', 'wrong'],
    ['puzzle-3', '#/puzzle/3', 'end'],
    ['puzzle-5', '#/puzzle/5', 'end'],
    ...CHAT.scenarios.slice(0, 2).map((s, i) => [`live-chat-${i + 1}`, `#/packs/${CHAT.id}/${s.id}`, 'end']),
];

/** Elements that overflow their own box, outside intended scrollers. */
function overflowing() {
    const out = [];
    for (const el of document.querySelectorAll('.panel *, .panel, .presenter *')) {
        if (el.closest('.scroll-x') || el.closest('svg')) continue;
        const style = getComputedStyle(el);
        if (style.display === 'inline' || style.display === 'none' || style.display === 'contents') continue;
        // Inside a visually-hidden box (text for screen readers only): clipped on purpose.
        if (el.closest('.visually-hidden')) continue;
        // Cut on purpose with an ellipsis: fine when the full text is in a tooltip.
        if (style.textOverflow === 'ellipsis' && style.overflowX === 'hidden') {
            const full = el.closest('[title]')?.getAttribute('title') ?? '';
            if (full.replace(/\s+/g, ' ').trim() === el.textContent.replace(/\s+/g, ' ').trim()) continue;
        }
        if (el.scrollWidth > el.clientWidth + 1) {
            out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${el.scrollWidth}>${el.clientWidth}: ${el.textContent.slice(0, 60)}`);
        }
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page scrolls sideways ${doc.scrollWidth}>${doc.clientWidth}`);
    return out;
}

for (const [label, viewport] of VIEWPORTS) {
    for (const [name, route, action] of SCREENS) {
        test(`${name} at ${label} width: nothing overflows its panel`, async () => {
            const { page, problems } = await openPage(env, { path: route, viewport });
            await page.emulateMedia({ reducedMotion: 'reduce' });
            const slider = page.getByRole('slider', { name: 'Timeline' });
            await slider.waitFor();
            if (action === 'end') {
                const max = await slider.getAttribute('max');
                await slider.fill(max);
            } else if (action === 'wrong') {
                await page.locator('h1').click();
                await page.keyboard.press('1');
                await page.locator('.feedback.wrong').waitFor();
            }
            await page.waitForTimeout(150);
            const bad = await page.evaluate(overflowing);
            for (const scheme of ['light', 'dark']) {
                await page.emulateMedia({ colorScheme: scheme });
                await page.screenshot({ path: screenshotPath(`layout-${name}-${label}-${scheme}`), fullPage: label === 'phone' });
            }
            assert.deepEqual(bad, [], `${route} at ${viewport.width}px`);
            assert.deepEqual(problems.pageErrors, []);
            await page.close();
        });
    }
}

test('phone: the diagram stacks its layers top to bottom instead of scrolling sideways', async () => {
    // A puzzle with at least six layers (which puzzle number has one depends on the catalogue).
    let page;
    for (let n = 1; n <= 30; n += 1) {
        ({ page } = await openPage(env, { path: `#/puzzle/${n}`, viewport: { width: 360, height: 780 } }));
        await page.locator('.flow-diagram').waitFor();
        if ((await page.locator('.flow-diagram .nodes > *').count()) >= 6) break;
        await page.close();
        page = undefined;
    }
    assert.ok(page, 'one of the first 30 puzzles has six layers or more');
    const figure = page.locator('.flow-diagram');
    assert.ok(await figure.evaluate((el) => el.classList.contains('vertical')), 'vertical on a phone');
    assert.equal(await figure.evaluate((el) => el.scrollWidth > el.clientWidth + 1), false, 'no sideways scroll');
    await page.close();
});
