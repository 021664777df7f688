import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshotPath, withBrowser } from './harness.mjs';

const env = withBrowser();

test('the app loads with its title and the layer diagram, cleanly and offline-safe', async () => {
    const { page, problems } = await openPage(env);
    await page.getByRole('heading', { level: 1, name: /Faultline/ }).waitFor();
    assert.match(await page.title(), /Faultline/);
    const diagram = page.getByRole('group', { name: /Request path/ });
    await diagram.waitFor();
    assert.ok(await diagram.isVisible(), 'layer diagram is visible');
    for (const layer of ['Client', 'DNS', 'TLS', 'Gateway', 'Database']) {
        assert.ok(await diagram.getByText(layer, { exact: true }).isVisible(), `${layer} node shows`);
    }
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: screenshotPath('home-desktop'), fullPage: true });
    // The README's picture, with the request played to its end. Written beside the other screenshots
    // (a test run must not change a tracked file); refresh docs/screenshot.png from it on purpose.
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    await timeline.fill(await timeline.getAttribute('max'));
    await page.locator('.inspector-panel .status-line').waitFor();
    await page.evaluate(() => document.activeElement?.blur());
    await page.screenshot({ path: screenshotPath('readme') });
    assert.deepEqual(problems.pageErrors, [], 'no uncaught errors');
    assert.deepEqual(problems.consoleErrors, [], 'no console errors');
    assert.deepEqual(problems.foreignRequests, [], 'no request leaves the origin');
    assert.equal(await page.locator('#fatal-error').count(), 0, 'no panic panel');
});

test('the page reads at phone width and in the dark theme', async () => {
    const { page } = await openPage(env, { viewport: { width: 360, height: 780 } });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal page scroll at 360 px (overflow ${overflow}px)`);
    await page.screenshot({ path: screenshotPath('home-phone-dark'), fullPage: true });
});
