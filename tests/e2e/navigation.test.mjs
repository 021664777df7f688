// Moving around: a link that opens another page starts it at the top (or at the opened
// reference entry) with focus on its heading; a select that rewrites the address keeps focus.
// The guided tour plays the request before it points at evidence, keeps its callout clear of
// what it points at, and Esc closes the tour and the welcome banner wherever focus is. Touch
// screens are not told about keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { assertClean, clearStorage, launch, openPage, screenshotPath, withBrowser } from './harness.mjs';

const env = withBrowser();

/** Where the page is and what has focus, once the new page has rendered. */
async function arrival(page) {
    await page.waitForTimeout(250);
    return page.evaluate(() => ({
        y: Math.round(window.scrollY),
        tag: document.activeElement?.tagName,
        inMain: Boolean(document.activeElement?.closest('#main')),
        text: document.activeElement?.textContent.trim().slice(0, 60),
    }));
}

test('a pack card opens its pack at the top, with focus on the pack heading', async () => {
    const { page, problems } = await openPage(env, { path: '#/packs', viewport: { width: 360, height: 740 } });
    const cards = page.locator('.pack-card h3 a');
    await cards.last().scrollIntoViewIfNeeded();
    assert.ok(await page.evaluate(() => window.scrollY) > 300, 'scrolled down the list first');
    await cards.last().click();
    await page.waitForFunction(() => /^#\/packs\/./.test(location.hash));
    const at = await arrival(page);
    assert.equal(at.y, 0, 'the pack page starts at its top');
    assert.match(at.tag, /^H[12]$/, `focus on the page heading, not ${at.tag}`);
    assert.ok(at.inMain);
    // Its first scenario: the simulator page starts at the top too.
    await page.locator('.pack-scenarios a').first().scrollIntoViewIfNeeded();
    await page.locator('.pack-scenarios a').first().click();
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    const played = await arrival(page);
    assert.equal(played.y, 0);
    assert.ok(played.inMain, `focus moved into the new page (${played.tag})`);
    // A medium scenario opens in Investigate, whose view replaces a placeholder: focus follows it.
    assert.match(played.tag, /^H[12]$/, `focus on the puzzle's heading, not ${played.tag}`);
    assertClean(problems);
    await page.close();
});

test('"Next puzzle" starts the next puzzle at the top', async () => {
    const { page, problems } = await openPage(env, { path: '#/puzzle/3', viewport: { width: 1366, height: 768 } });
    await page.locator('.logs-panel').waitFor();
    const slider = page.getByRole('slider', { name: 'Timeline' });
    await slider.fill(await slider.getAttribute('max'));
    await page.getByRole('button', { name: 'Show solution…' }).click();
    await page.locator('.confirm .button.danger').click();
    const next = page.getByRole('link', { name: 'Next puzzle' });
    await next.scrollIntoViewIfNeeded();
    assert.ok(await page.evaluate(() => window.scrollY) > 0);
    await next.click();
    await page.waitForFunction(() => location.hash !== '#/puzzle/3');
    await page.locator('.logs-panel').waitFor();
    const at = await arrival(page);
    assert.equal(at.y, 0, 'the next puzzle starts at the top');
    assert.equal(at.tag, 'H2');
    // From the start page the full app is swapped in: the next puzzle starts at the top there too.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${env.url}#/`);
    await page.reload();
    await page.locator('.logs-panel').waitFor();
    await page.getByRole('button', { name: 'Show solution…' }).click();
    await page.locator('.confirm .button.danger').click();
    await page.getByRole('link', { name: 'Next puzzle' }).scrollIntoViewIfNeeded();
    assert.ok(await page.evaluate(() => window.scrollY) > 300);
    await page.getByRole('link', { name: 'Next puzzle' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#/puzzle/'));
    await page.locator('.logs-panel').waitFor();
    const swapped = await arrival(page);
    assert.equal(swapped.y, 0, 'the swapped-in page starts at the top');
    assert.ok(swapped.inMain, `focus in the new page (${swapped.tag})`);
    assertClean(problems);
    await page.close();
});

test('a reference link opens its entry at the entry, focused; a page select keeps focus', async () => {
    const { page, problems } = await openPage(env, { path: '#/reference', viewport: { width: 1366, height: 768 } });
    const links = page.locator('.ref-list a');
    await links.nth(20).scrollIntoViewIfNeeded();
    const title = (await links.nth(20).textContent()).trim();
    await links.nth(20).click();
    await page.locator('.ref-entry h2').waitFor();
    const at = await arrival(page);
    assert.equal(at.text, title, 'focus on the opened entry');
    const top = await page.locator('.ref-entry h2').evaluate((el) => el.getBoundingClientRect().top);
    // Half a pixel above is the browser rounding the scroll position (the header's height is fractional).
    assert.ok(top >= -1 && top < 200, `the entry is at the top of the view (${top}px)`);
    // The endless page rewrites its address when a select changes: focus stays on the select.
    await page.goto(`${env.url}#/endless`);
    const select = page.locator('main select').first();
    await select.waitFor();
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
    await select.focus();
    await select.selectOption(values[values.length - 1]);
    await page.waitForTimeout(250);
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SELECT');
    assertClean(problems);
    await page.close();
});

test('tour: the request is played before the evidence steps; the callout stays clear of its target', async () => {
    await clearStorage(env);
    const { page, problems } = await openPage(env, { path: '#/tour', viewport: { width: 1366, height: 768 } });
    await page.getByRole('dialog', { name: 'Confirm expected vs actual' }).waitFor();
    await page.getByRole('button', { name: /Next/ }).click();
    await page.getByRole('dialog', { name: 'Reproduce' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.event-list .event').length > 0);
    await page.getByRole('button', { name: /Next/ }).click();
    await page.getByRole('dialog', { name: 'Read the status code' }).waitFor();
    await page.waitForFunction(() => {
        const s = document.querySelector('input[aria-label="Timeline"]');
        return s && s.value === s.max;
    });
    await page.getByRole('button', { name: /Next/ }).click();
    await page.getByRole('dialog', { name: 'Check auth' }).waitFor();
    const target = page.locator('[data-tour-target]');
    await target.waitFor();
    assert.match(await target.textContent(), /exp/, 'the decoded token is there to read');
    await page.waitForTimeout(150);
    const [t, c] = await Promise.all([target.boundingBox(), page.locator('.tour-callout').boundingBox()]);
    const overlap = !(c.x + c.width <= t.x || t.x + t.width <= c.x || c.y + c.height <= t.y || t.y + t.height <= c.y);
    assert.ok(!overlap, `callout ${JSON.stringify(c)} clear of its target ${JSON.stringify(t)}`);
    await page.screenshot({ path: screenshotPath('tour-check-auth-desktop') });
    // Esc closes the tour wherever focus is, even in the log search box.
    await page.getByRole('searchbox', { name: 'Search logs' }).focus();
    await page.keyboard.press('Escape');
    await page.locator('.tour-callout').waitFor({ state: 'detached' });
    assertClean(problems);
    await page.close();
});

test('the welcome banner closes with Esc wherever focus is', async () => {
    await clearStorage(env);
    const { page, problems } = await openPage(env, { path: '#/' });
    const welcome = page.getByRole('region', { name: /Take the two-minute tour/ });
    await welcome.waitFor();
    await page.getByRole('button', { name: 'Step forward' }).focus();
    await page.keyboard.press('Escape');
    await welcome.waitFor({ state: 'detached' });
    assertClean(problems);
    await page.close();
});

test('a touch screen is not told about keys and sees no number badges', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
        const page = await context.newPage();
        await page.goto(`${env.url}#/`);
        await page.locator('.question .choice').first().waitFor();
        assert.equal(await page.evaluate(() => matchMedia('(hover: none) and (pointer: coarse)').matches), true);
        assert.equal(await page.locator('.question .choice kbd').first().isVisible(), false, 'no number badges');
        assert.equal(await page.getByRole('button', { name: /Keyboard shortcuts/ }).isVisible(), false);
        assert.doesNotMatch(await page.locator('main').innerText(), /or Space|Keyboard shortcuts/);
        assert.doesNotMatch(await page.locator('.tour-welcome').innerText(), /Esc/);
        await page.screenshot({ path: screenshotPath('touch-start-phone') });
        await page.goto(`${env.url}#/tour`);
        await page.getByRole('button', { name: /Next/ }).click();
        await page.getByRole('dialog', { name: 'Reproduce' }).waitFor();
        assert.doesNotMatch(await page.locator('.tour-callout').innerText(), /Space|Esc|← and →|press its number/);
    } finally {
        await browser.close();
    }
});
