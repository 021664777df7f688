// The simulator's rough edges, each once seen by a learner: the diagram explores without
// answering, no blank page under the logs, labels and badges kept whole and inside the drawing,
// URLs wrapping between their parts, a keyboard-reachable request body, HAR export and a copyable
// statement, and event times that stay in order on flows that run for hours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, openPage, screenshotPath, withBrowser, simulatorReady, playToEnd, solveByList } from './harness.mjs';

const WEBHOOKS = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'webhooks.json'), 'utf8'));

const env = withBrowser();

test('clicking the diagram inspects and never answers, before or after Play', async () => {
    const { page, problems } = await openPage(env);
    await simulatorReady(page);
    // Before Play nothing has reached any layer: a click on a box does nothing at all.
    await page.locator('.layer-node').nth(1).click({ force: true });
    await page.waitForTimeout(200);
    assert.equal(await page.locator('.feedback').count(), 0, 'no feedback: nothing was answered');
    assert.equal(await page.locator('.settled').count(), 0, 'the layer question is still open');
    assert.equal(await page.locator('.event-list .event').count(), 0, 'playback did not move');
    await playToEnd(page);
    const node = page.locator('.layer-node.inspectable').nth(1);
    const layer = await node.getAttribute('data-layer');
    await node.click();
    await page.locator('.event.inspected').waitFor();
    const card = await page.locator('.inspector-panel .event-card .ev-num').textContent();
    const short = (await node.locator('text').first().textContent()).trim();
    assert.ok(card.includes(short), `the inspector opens an event at ${layer}: ${card}`);
    assert.equal(await page.locator('.feedback').count(), 0, 'still nothing answered');
    assert.equal(await page.locator('.settled').count(), 0);
    assert.equal(await page.locator('.question .choice.tried').count(), 0, 'no points lost');
    assertClean(problems);
    await page.close();
});

for (const [label, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 360, height: 740 }]]) {
    test(`${label}: no blank page under the logs`, async () => {
        const { page } = await openPage(env, { viewport });
        await simulatorReady(page);
        await playToEnd(page);
        const gap = await page.evaluate(() => {
            const main = document.querySelector('main');
            return document.documentElement.scrollHeight - (main.getBoundingClientRect().bottom + window.scrollY);
        });
        assert.ok(gap < 120, `the page ends with its content, not ${gap}px later`);
        assert.equal(await page.locator('.log-lines').evaluate((el) => getComputedStyle(el).position), 'relative');
        await page.close();
    });
}

test('badges stay inside the diagram, "root cause" clear of the packet, "easy" on one line, URLs whole', async () => {
    const scenario = WEBHOOKS.scenarios.find((s) => s.difficulty === 'easy') ?? WEBHOOKS.scenarios[0];
    const { page, problems } = await openPage(env, { path: `#/packs/${WEBHOOKS.id}/${scenario.id}`, viewport: { width: 360, height: 740 } });
    await simulatorReady(page);
    const badge = page.locator('.player-title .difficulty');
    const lines = await badge.evaluate((el) => el.getClientRects().length === 1 && el.offsetHeight < 2 * parseFloat(getComputedStyle(el).lineHeight || '20'));
    assert.ok(lines, 'the difficulty badge does not wrap');
    await playToEnd(page);
    await solveByList(page);
    const geometry = await page.evaluate(() => {
        const svg = document.querySelector('.flow-diagram svg');
        const width = svg.viewBox.baseVal.width;
        const badges = [...svg.querySelectorAll('.hop-badge')].map((g) => {
            const box = g.getBBox();
            const m = g.transform.baseVal.consolidate()?.matrix;
            return { left: (m?.e ?? 0) + box.x, right: (m?.e ?? 0) + box.x + box.width };
        });
        const label = svg.querySelector('.root-label')?.getBBox();
        // Left to right the answers ride under the nodes (16 units down); top to bottom (a phone)
        // the lanes are beside the nodes and the label sits under its own node.
        const vertical = document.querySelector('.flow-diagram').classList.contains('vertical');
        const node = svg.querySelector('.layer-node.root-cause rect');
        const packetLane = Number(node.getAttribute('y')) + Number(node.getAttribute('height')) + (vertical ? 0 : 16);
        return { width, badges, labelTop: label?.y, packetLane };
    });
    for (const b of geometry.badges) {
        assert.ok(b.left >= 0 && b.right <= geometry.width, `badge ${JSON.stringify(b)} inside 0..${geometry.width}`);
    }
    assert.ok(geometry.labelTop >= geometry.packetLane, `"root cause" (${geometry.labelTop}) under the packet's lane (${geometry.packetLane})`);
    await page.screenshot({ path: screenshotPath('rough-edges-scenario-phone'), fullPage: true });
    assertClean(problems);
    await page.close();
});

test('the request line wraps between URL parts; the request body is reachable by keyboard', async () => {
    const { page, problems } = await openPage(env, { path: '#/packs/rest-methods-and-requests/partners-test-script-stopped-starting-chats' });
    await simulatorReady(page);
    await playToEnd(page);
    await page.locator('.network-panel .req-button').first().click();
    assert.ok(await page.locator('.inspector-panel .request-line wbr').count() > 2, 'the URL has break points');
    const body = page.getByRole('region', { name: 'Request body' });
    await body.waitFor();
    assert.equal(await body.getAttribute('tabindex'), '0', 'a scrolling body takes focus');
    await body.focus();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Request body');
    assertClean(problems);
    await page.close();
});

test('Export HAR saves every exchange; the statement has a copy button', async () => {
    await env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
    // The full app (the start page's small module leaves the HAR writer out).
    const { page, problems } = await openPage(env, { path: '#/puzzle/3' });
    await simulatorReady(page);
    await playToEnd(page);
    const exchanges = await page.locator('.network-panel .req-button').count();
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export HAR' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^faultline-[0-9a-f-]+\.har$/);
    const har = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(har.log.version, '1.2');
    assert.equal(har.log.entries.length, exchanges, 'one entry per exchange');
    assert.match(har.log.entries[0].request.url, /^(https|wss):\/\//);
    await solveByList(page);
    const statement = (await page.locator('.statement').textContent()).trim();
    await page.getByRole('button', { name: 'Copy the statement' }).click();
    await page.locator('.statement-copy .copied', { hasText: 'Copied' }).waitFor();
    assert.equal((await page.evaluate(() => navigator.clipboard.readText())).trim(), statement);
    await page.screenshot({ path: screenshotPath('rough-edges-finale'), fullPage: true });
    assertClean(problems);
    await page.close();
});

test('a webhook flow that retries for a day keeps its event times in order', async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    // A deep link shows the pre-rendered shell first: wait for the sandbox's own flow list.
    await page.locator('#sandbox-flow option').first().waitFor({ state: 'attached' });
    const flows = await page.locator('#sandbox-flow option').evaluateAll((os) => os.map((o) => o.value));
    await page.locator('#sandbox-flow').selectOption(flows.find((f) => f.includes('ticket')));
    await page.locator('.layer-picker').getByRole('button', { name: /^Webhook/ }).click();
    await page.locator('#sandbox-fault').selectOption('webhook-endpoint-down');
    await page.getByRole('button', { name: 'Run healthy and broken' }).click();
    await page.locator('.trace-compare').waitFor();
    // Old labels ("27 h 35 min") named a whole retry at once: one label for five events.
    const hours = (await page.locator('.trace-compare .cell .mono.muted').allTextContents()).filter((t) => / h /.test(t));
    assert.ok(hours.length >= 5, `the broken run retries for hours: ${hours.length} events`);
    const distinct = new Set(hours).size;
    assert.ok(distinct >= hours.length * 0.6, `${distinct} distinct labels for ${hours.length} events: ${hours.join(' | ')}`);
    assert.ok(hours.every((t) => /^\d+ h \d+ min \d+\.\d{3} s$/.test(t)), hours[0]);
    assertClean(problems);
    await page.close();
});
