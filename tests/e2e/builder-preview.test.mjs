// The builder previews the selected scenario as a learner plays it, in the full evidence or in
// Investigate: the author runs probes and "Ask the reporter" quotes the answers they typed. Nothing
// typed is lost by previewing, switching views or reloading; a scenario that does not pass the
// check is not previewed, and the author is told what is wrong and where. Axe finds nothing;
// screenshots at 1366 and 390 px, light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, assertSettles, clearStorage, noAxeViolations, openPage, screenshotPath, withBrowser } from './harness.mjs';

const DRAFT_KEY = 'faultline.builder.draft';
const WEBHOOKS = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'webhooks.json'), 'utf8'));
// Typed by the author; none of it is in the pack.
const ANSWERS = {
    'Who else is affected': 'Both Dublin shifts, as far as I know — Zoë checked hers too.',
    'What changed around then': 'Priya edited the “Chat ended” workflow on Friday at 17:40.',
    'What they already tried': 'Ended three test chats by hand; still no ticket.',
};

const env = withBrowser();

/** A builder with the webhooks pack copied in: its first scenario is selected. */
async function builderWithScenario(viewport) {
    await clearStorage(env);
    const { page, problems } = await openPage(env, { path: '#/builder', viewport });
    await page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    await page.getByLabel('Import a pack file').setInputFiles({
        name: 'webhooks.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(WEBHOOKS)),
    });
    await page.locator('.imported-pack', { hasText: WEBHOOKS.title }).getByRole('button', { name: 'Copy into the builder' }).click();
    await assertSettles(() => page.getByLabel('Title', { exact: true }).inputValue(), WEBHOOKS.scenarios[0].title, 'the copied scenario is selected');
    return { page, problems };
}

async function typeAnswers(page) {
    for (const [label, text] of Object.entries(ANSWERS)) await page.getByLabel(label).fill(text);
}

async function preview(page, view) {
    await page.locator(`[data-preview="${view}"]`).click();
    await page.getByRole('button', { name: '← Back to the builder' }).waitFor();
}

/** Runs a probe from the toolbox and waits for it on the timeline. */
async function runProbe(page, probe) {
    const before = await page.locator('.probe-timeline li').count();
    await page.locator(`.tool[data-probe="${probe}"]`).click();
    await assertSettles(() => page.locator('.probe-timeline li').count(), before + 1, `${probe} on the timeline`);
}

const storedScenario = (page) => page.evaluate((k) => {
    const d = JSON.parse(localStorage.getItem(k));
    return d.scenarios[d.selected];
}, DRAFT_KEY);

test('a draft previews in Investigate: probes run and the reporter quotes what the author typed', async () => {
    const { page, problems } = await builderWithScenario({ width: 1366, height: 900 });
    await typeAnswers(page);
    await preview(page, 'investigate');
    await page.locator('.tools-panel .tool').first().waitFor();
    assert.equal(await page.locator('[data-view="investigate"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('.logs-panel').count(), 0, 'the report and the toolbox only');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'preview-title', 'focus starts at the preview');

    await runProbe(page, 'reproduce');
    await page.locator('.term-command').waitFor();
    assert.ok((await page.locator('.term-line').count()) > 0, 'the probe prints its output');
    await runProbe(page, 'ask-reporter');
    const said = await page.locator('.terminal-panel').textContent();
    assert.match(said, /When exactly did it start, who else is affected, and what changed\?/);
    assert.ok(said.includes(`Who: ${WEBHOOKS.scenarios[0].story.who}`), said);
    assert.ok(said.includes(`Who else: ${ANSWERS['Who else is affected']}`), said);
    assert.ok(said.includes(`What changed: ${ANSWERS['What changed around then']}`), said);
    assert.ok(said.includes(`What they tried: ${ANSWERS['What they already tried']}`), said);
    await noAxeViolations(page, 'builder preview in Investigate');

    // Switching views starts the scenario again in the other view; the draft is untouched.
    await page.locator('[data-view="evidence"]').click();
    await page.locator('.logs-panel').waitFor();
    assert.equal(await page.locator('.tools-panel').count(), 0);
    await noAxeViolations(page, 'builder preview in the full evidence');
    await page.locator('[data-view="investigate"]').click();
    await page.locator('.tools-panel .tool').first().waitFor();
    assert.equal(await page.locator('.probe-timeline li').count(), 0, 'a new investigation');

    // Back in the builder every answer is where it was typed, and stored.
    await page.getByRole('button', { name: '← Back to the builder' }).click();
    for (const [label, text] of Object.entries(ANSWERS)) assert.equal(await page.getByLabel(label).inputValue(), text, label);
    const stored = await storedScenario(page);
    assert.deepEqual([stored.others_affected, stored.changed, stored.tried], Object.values(ANSWERS));
    // A reload in the middle of a preview loses nothing either.
    await preview(page, 'investigate');
    await page.reload();
    await page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    for (const [label, text] of Object.entries(ANSWERS)) assert.equal(await page.getByLabel(label).inputValue(), text, `${label} after a reload`);
    assertClean(problems);
    await page.close();
});

test('a scenario that does not pass the check is not previewed: what is wrong, and where', async () => {
    const { page, problems } = await builderWithScenario({ width: 1366, height: 900 });
    await typeAnswers(page);
    const stored = await storedScenario(page);
    await page.getByRole('button', { name: '+ Add scenario' }).click();
    await assertSettles(() => page.getByLabel('Title', { exact: true }).inputValue(), '', 'the new, empty scenario is selected');
    await page.locator('[data-preview="investigate"]').click();
    const alert = page.locator('.preview-blocked[role="alert"]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /This scenario cannot be previewed yet: \d+ problems to fix first\./);
    assert.equal(await page.locator('.tools-panel').count(), 0, 'no preview');
    assert.equal(await page.getByRole('button', { name: '← Back to the builder' }).count(), 0, 'still in the builder');
    // Each problem names its field and leads to it; the field shows it too.
    const title = alert.getByRole('button', { name: 'Title', exact: true });
    await title.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), await page.getByLabel('Title', { exact: true }).getAttribute('id'));
    assert.equal(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid'), 'true');
    await noAxeViolations(page, 'a refused preview');
    await page.locator('.preview-blocked').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('builder-preview-refused-desktop') });
    // The full evidence is refused the same way; the first scenario's work is untouched.
    await page.locator('[data-preview="evidence"]').click();
    await alert.waitFor();
    assert.equal(await page.locator('.logs-panel').count(), 0);
    await page.locator('.scenario-tab', { hasText: WEBHOOKS.scenarios[0].title }).click();
    await assertSettles(() => page.getByLabel('Title', { exact: true }).inputValue(), WEBHOOKS.scenarios[0].title, 'back on the first scenario');
    const first = await page.evaluate(([k, id]) => JSON.parse(localStorage.getItem(k)).scenarios.find((s) => s.id === id), [DRAFT_KEY, WEBHOOKS.scenarios[0].id]);
    assert.deepEqual(first, stored);
    assertClean(problems);
    await page.close();
});

test('screenshots: the Investigate preview at 1366 and 390 px, light and dark', async () => {
    for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
        for (const scheme of ['light', 'dark']) {
            const { page } = await builderWithScenario(viewport);
            await page.emulateMedia({ colorScheme: scheme });
            await typeAnswers(page);
            await preview(page, 'investigate');
            await runProbe(page, 'reproduce');
            await runProbe(page, 'ask-reporter');
            await page.evaluate(() => document.activeElement?.blur());
            await page.screenshot({ path: screenshotPath(`builder-preview-${label}-${scheme}`), fullPage: label === 'desktop' });
            if (label === 'phone') {
                await page.locator('.terminal-panel').scrollIntoViewIfNeeded();
                await page.screenshot({ path: screenshotPath(`builder-preview-${label}-${scheme}-terminal`) });
            }
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `no sideways scroll at ${label} (${overflow}px)`);
            await page.close();
        }
    }
});
