// Authoring: the builder flags a field once the author has touched it, in plain words, each
// problem linked to its field; a new flow drops a fault it lacks and says so; parameters are
// labelled in words; the live preview tells the author's story. The sandbox compares a wrong
// method with the right one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, openPage, screenshotPath, withBrowser } from './harness.mjs';

const env = withBrowser({}, { clearStorageEachTest: true });

async function freshBuilder() {
    const opened = await openPage(env, { path: '#/builder', viewport: { width: 1366, height: 768 } });
    await opened.page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    return opened;
}

test('builder: problems wait for a touch, read as sentences and link to their fields', async () => {
    const { page, problems } = await freshBuilder();
    assert.match(await page.locator('.check-summary').textContent(), /problem/, 'the count is there');
    assert.equal(await page.locator('.builder .field-problems').count(), 0, 'no field is flagged yet');
    const title = page.getByLabel('Title', { exact: true });
    await title.fill('x');
    await title.fill('');
    const flagged = page.locator('[data-path="title"] .field-problems');
    await flagged.waitFor();
    const said = await flagged.textContent();
    assert.doesNotMatch(said, /scenarios\[|\.title:/, `plain words, no schema path: ${said}`);
    assert.equal(await page.locator('.builder .field-problems').count(), 1, 'only the touched field');
    await page.screenshot({ path: screenshotPath('builder-touched-desktop') });
    // Every problem on request, each a link that takes focus to its field.
    await page.getByRole('button', { name: 'Show them all' }).click();
    const links = page.locator('.problem-links button');
    assert.ok(await links.count() > 1);
    const seed = page.locator('.problem-links li', { hasText: /^Seed/ }).getByRole('button');
    if (await seed.count()) {
        await seed.click();
        assert.equal(await page.evaluate(() => document.activeElement.closest('[data-path]')?.dataset.path), 'seed');
    } else {
        await links.first().click();
        assert.ok(await page.evaluate(() => Boolean(document.activeElement.closest('[data-path]'))), 'focus on a field');
    }
    assertClean(problems);
    await page.close();
});

test('builder: a new flow drops a fault it lacks, says so; parameters in words; preview tells the story', async () => {
    const { page, problems } = await freshBuilder();
    const flow = page.getByLabel('Flow', { exact: true });
    await flow.selectOption('api-call');
    await page.getByLabel('Fault (root cause)').selectOption('expired-token');
    await page.getByLabel('Minutes ago').waitFor();
    assert.equal(await page.getByText('minutes_ago', { exact: true }).count(), 0);
    const options = await flow.locator('option').evaluateAll((os) => os.map((o) => o.value));
    const crm = options.find((v) => v.includes('ticket'));
    await flow.selectOption(crm);
    const note = page.locator('.dropped-fault');
    await note.waitFor();
    assert.match(await note.textContent(), /cannot happen in this flow/);
    assert.equal(await page.getByLabel('Fault (root cause)').inputValue(), '', 'the fault is gone, not kept as an id');
    await page.screenshot({ path: screenshotPath('builder-flow-switch-desktop') });
    // Back on api-call with a fault: the preview is what the learner reads, story included.
    await flow.selectOption('api-call');
    await page.getByLabel('Fault (root cause)').selectOption('expired-token');
    await page.getByLabel('Seed').fill('18');
    await page.getByLabel('Expected').fill('The nightly export reaches the partner portal untouched');
    await page.locator('.trace-text', { hasText: 'nightly export reaches the partner portal' }).waitFor();
    assertClean(problems);
    await page.close();
});

test('sandbox: a wrong-method compare shows the right method in the healthy run', async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    await page.locator('.trace-compare').waitFor();
    await page.getByLabel('Flow').selectOption('api-call');
    await page.locator('.layer-picker button', { hasText: 'Client' }).click();
    await page.locator('#sandbox-fault').selectOption('wrong-method');
    await page.getByRole('button', { name: 'Run healthy and broken' }).click();
    const healthy = page.locator('.compare-side.healthy');
    const broken = page.locator('.compare-side.broken');
    await assert.doesNotReject(broken.getByText('405').first().waitFor());
    const h = await healthy.textContent();
    const b = await broken.textContent();
    assert.match(h, /POST/, `healthy: ${h}`);
    assert.match(b, /GET/, `broken: ${b}`);
    await page.screenshot({ path: screenshotPath('sandbox-wrong-method-desktop'), fullPage: true });
    assertClean(problems);
    await page.close();
});
