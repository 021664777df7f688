// The CDN's edge on the stage: a puzzle whose world has one draws it between TLS and the gateway
// and offers it among the layer choices; a world without one has neither; the sandbox offers it
// as a layer to break, in front of the gateway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, openPage, withBrowser } from './harness.mjs';

const env = withBrowser();

const diagramOrder = (page) =>
    page.locator('.layer-diagram [data-layer]').evaluateAll((ns) => ns.map((n) => n.dataset.layer));

test('an edge puzzle draws the edge between TLS and the gateway and offers it as a layer', async () => {
    const { page, problems } = await openPage(env, { path: '#/endless?seed=3&difficulty=easy&topic=edge' });
    await page.locator('.question .choice').first().waitFor();
    const order = await diagramOrder(page);
    const at = (l) => order.indexOf(l);
    assert.ok(at('edge') > 0, `the edge is drawn: ${order}`);
    assert.equal(at('edge'), at('tls') + 1, `after TLS: ${order}`);
    assert.equal(at('gateway'), at('edge') + 1, `before the gateway: ${order}`);
    assert.ok(await page.locator('.question .choice', { hasText: 'CDN / edge proxy' }).count() === 1,
        'the edge is one of the layer choices');
    assertClean(problems);
    await page.close();
});

test('a puzzle without an edge neither draws it nor offers it', async () => {
    const { page, problems } = await openPage(env, { path: '#/endless?seed=3&difficulty=easy&topic=auth' });
    await page.locator('.question .choice').first().waitFor();
    assert.ok(!(await diagramOrder(page)).includes('edge'));
    assert.equal(await page.locator('.question .choice', { hasText: 'CDN / edge proxy' }).count(), 0);
    assertClean(problems);
    await page.close();
});

test('sandbox: the edge is a layer to break, in front of the gateway', async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    await page.locator('.trace-compare').waitFor();
    await page.getByLabel('Flow').selectOption('api-call');
    const names = await page.locator('.layer-picker .layer-name').allTextContents();
    assert.equal(names.indexOf('Edge (CDN)') + 1, names.indexOf('Gateway'), `${names}`);
    await page.getByRole('button', { name: /^Edge \(CDN\)/ }).click();
    await page.getByLabel('Fault').selectOption('edge-cached-error');
    await page.getByRole('button', { name: 'Run healthy and broken' }).click();
    const broken = page.locator('.compare-side.broken');
    await assert.doesNotReject(broken.getByText('502', { exact: false }).first().waitFor());
    assertClean(problems);
    await page.close();
});
