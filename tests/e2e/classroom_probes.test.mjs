// Classroom "which check next?": the presenter runs one probe for the room; the projector shows
// its command and raw output in projector type, one at a time, and nothing on the page gives the
// answer away before the reveal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSettles, launch, noAxeViolations, openPage, screenshotPath } from './harness.mjs';

let env;
before(async () => {
    env = await launch({ dir: process.env.MODES_DIST || undefined });
});
after(async () => {
    await env?.close();
});

const SCENARIO = '#/classroom/present/network-and-dns/relocated-servers-time-out-on-every-api-call';

/**
 * Where the check's output is: whether it shows in the answer box and in the window (all of it,
 * or its start when it is taller than the box), and what has focus.
 */
const outputPlace = (page) => page.evaluate(() => {
    const out = document.querySelector('.room-probe-output');
    const box = out.closest('.presenter-answer');
    const o = out.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const top = Math.max(b.top, 0);
    const bottom = Math.min(b.bottom, window.innerHeight);
    const fits = o.height <= bottom - top;
    return {
        inView: o.top >= top - 1 && (fits ? o.bottom <= bottom + 1 : o.top < bottom - 40),
        focus: document.activeElement?.textContent,
        behavior: getComputedStyle(box).scrollBehavior,
    };
});

test('presenter: run one check for the room, read its output, the answer stays hidden', async () => {
    const { page, problems } = await openPage(env, { path: SCENARIO, viewport: { width: 1920, height: 1080 } });
    await page.locator('.presenter').waitFor();
    const picker = page.getByLabel('Which check next?');
    await picker.waitFor();
    assert.equal(await page.locator('.room-probe pre').count(), 0, 'no check run yet');
    await picker.selectOption('traceroute');
    await page.getByRole('button', { name: 'Run it for the room' }).click();
    const out = page.locator('.room-probe pre');
    await out.waitFor();
    // Run below the answer box's fold, the output is brought into view; focus stays on the button
    // that ran it, ready for the next check.
    await assertSettles(() => outputPlace(page).then((p) => p.inView), true, 'the output is in view at 1920×1080');
    // Whether a scroll was needed depends on how tall the output renders against the box (its
    // start only has to show when it is taller), so what is asserted is that it is in view.
    const place = await outputPlace(page);
    assert.equal(place.focus, 'Run it for the room');
    assert.equal(place.behavior, 'smooth', 'a smooth scroll, motion allowed');
    const text = await out.textContent();
    assert.match(text, /^\$ traceroute -n -T -p 443 -m 12 api\.example\.com\n/);
    assert.match(text, /traceroute to api\.example\.com \(198\.51\.100\.\d+\), 12 hops max, 60 byte packets/);
    assert.match(text, /\n 2  \* \* \*\n/, 'the dropped hops');
    // One at a time: the next check replaces it.
    await picker.selectOption('ask-reporter');
    await page.getByRole('button', { name: 'Run it for the room' }).click();
    await page.waitForFunction(() => document.querySelector('.room-probe pre')?.textContent.includes('Who else:'));
    assert.equal(await page.locator('.room-probe pre').count(), 1, 'one output on the stage');
    assert.match(await out.textContent(), /Who else: Only the servers we moved to the new VLAN\./);
    // Projector type: at least 24 px at 1080p.
    const size = await out.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 24, `probe output is ${size}px at 1920×1080`);
    // Nothing reveals the answer before the reveal.
    assert.equal(await page.locator('.reveal-box').count(), 0, 'no answer before the reveal');
    const html = await page.locator('main').innerHTML();
    for (const answer of ['Network (firewall, proxy, ports)', 'Firewall drops the traffic']) {
        assert.ok(!html.includes(answer), `“${answer}” is not in the DOM before the reveal`);
    }
    await page.screenshot({ path: screenshotPath('classroom-probe-1920') });
    await noAxeViolations(page, 'presenter with a check run');
    await picker.selectOption('mtr');
    await page.getByRole('button', { name: 'Run it for the room' }).click();
    await page.waitForFunction(() => document.querySelector('.room-probe pre')?.textContent.includes('HOST: ip-'));
    await page.getByRole('button', { name: 'Clear' }).click();
    assert.equal(await page.locator('.room-probe pre').count(), 0, 'cleared');
    // Less motion asked for: the box jumps to the output instead.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.locator('.presenter-answer').evaluate((box) => { box.scrollTop = 0; });
    await page.getByRole('button', { name: 'Run it for the room' }).click();
    await out.waitFor();
    await assertSettles(() => outputPlace(page).then((p) => `${p.inView} ${p.behavior}`), 'true auto', 'in view, without a smooth scroll');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.keyboard.press('r');
    await page.locator('.reveal-box').waitFor();
    assert.equal(await page.locator('.room-probe').count(), 0, 'the reveal takes the answer box');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
});
