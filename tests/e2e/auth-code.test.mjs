// The authorization-code flow in the app: a scenario of it plays on the stage with the
// identity provider's steps, its failing exchange and the learner's questions; the sandbox runs
// its faults side by side with a healthy sign-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, noAxeViolations, openPage, playToEnd, withBrowser } from './harness.mjs';

const env = withBrowser({ puzzleView: 'evidence' });

test('a sign-in scenario plays the authorization-code flow to its refused code exchange', async () => {
    const { page, problems } = await openPage(env, {
        path: '#/packs/oauth-and-tokens/web-app-sign-in-fails-after-session-store-change',
    });
    await page.locator('.question .choice').first().waitFor();
    const layers = await page.locator('.layer-diagram [data-layer]').evaluateAll((ns) => ns.map((n) => n.dataset.layer));
    assert.ok(layers.includes('auth') && layers.includes('client'), `the stage draws the flow: ${layers}`);
    await playToEnd(page);
    const body = await page.locator('main').innerText();
    assert.match(body, /\/oauth2\/v1\/authorize/, 'the browser\'s visit to /authorize is in the evidence');
    assert.match(body, /\/oauth2\/v1\/token/, 'the code exchange is in the evidence');
    assert.match(body, /invalid_grant/, 'the refused exchange is shown');
    await noAxeViolations(page, 'authorization-code scenario');
    assertClean(problems);
    await page.close();
});

test('sandbox: a PKCE mismatch against a healthy sign-in', async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    await page.locator('.trace-compare').waitFor();
    await page.getByLabel('Flow').selectOption('oauth-authorization-code');
    await page.getByRole('button', { name: /^Auth/ }).first().click();
    await page.getByLabel('Fault').selectOption('pkce-verifier-mismatch');
    await page.getByRole('button', { name: 'Run healthy and broken' }).click();
    const broken = page.locator('.compare-side.broken');
    await assert.doesNotReject(broken.getByText('400', { exact: false }).first().waitFor());
    assertClean(problems);
    await page.close();
});
