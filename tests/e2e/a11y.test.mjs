// axe-core on every main screen, light and dark: zero violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, openPage, withBrowser } from './harness.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const SCREENS = {
    simulator: '#/',
    reference: '#/reference',
    sandbox: '#/sandbox',
    classroom: '#/classroom',
    builder: '#/builder',
    progress: '#/progress',
    packs: '#/packs',
    pack: '#/packs/webhooks',
    endless: '#/endless',
    scenario: '#/packs/webhooks/no-tickets-since-this-mornings-settings-change',
    tour: '#/tour',
    'reference entry': '#/reference/step-isolate-layer',
    presenter: '#/classroom/present/webhooks/no-tickets-since-this-mornings-settings-change',
    worksheet: '#/classroom/worksheet/webhooks',
    path: '#/paths/first-hour',
    interview: '#/interview',
};

const env = withBrowser();

for (const scheme of ['light', 'dark']) {
    for (const [screen, route] of Object.entries(SCREENS)) {
        test(`${screen} (${scheme}) has no axe violations`, async () => {
            const { page } = await openPage(env, { path: route });
            await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
            // The presenter's stage hides the site header (its h1 is its own).
            await page.getByRole('heading', { level: 1, name: screen === 'presenter' ? /presenting/ : /Faultline/ }).first().waitFor({ state: 'attached' });
            await page.locator('main').first().waitFor();
            await page.waitForLoadState('networkidle');
            // Runtime evaluation is not subject to the page's CSP, unlike an injected <script>.
            await page.evaluate(AXE);
            const violations = await page.evaluate(async () => {
                const result = await window.axe.run(document, { resultTypes: ['violations'] });
                return result.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
                }));
            });
            assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
            await page.close();
        });
    }
}

test('with reduced motion a change of colour scheme reaches every element at once', async () => {
    // Reduced motion ends transitions; were it to shorten them instead, every property would
    // become a transition and the old scheme's colours would stay until the next frame.
    const { page } = await openPage(env, { path: SCREENS.scenario });
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.locator('main h2').first().waitFor();
    const colours = () => page.evaluate(() => {
        const root = getComputedStyle(document.documentElement);
        return { text: root.getPropertyValue('--text').trim(), heading: getComputedStyle(document.querySelector('main h2')).color };
    });
    const light = await colours();
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const dark = await colours();
    assert.notEqual(dark.text, light.text, 'the dark scheme has its own text colour');
    assert.notEqual(dark.heading, light.heading, `the heading is drawn in the dark scheme's colour at once: ${JSON.stringify({ light, dark })}`);
    await page.close();
});
