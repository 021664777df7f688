// Installable, offline, CSP-clean and hostable under a sub-path (deploys: deploy.test.mjs).
import { createHash } from 'node:crypto';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launch, openPage, screenshotPath, waitForController } from './harness.mjs';

const envs = [];
after(async () => {
    for (const env of envs) await env.close();
});
async function start(options) {
    const env = await launch(options);
    envs.push(env);
    return env;
}

test('the CSP allows only the hashed loader inline, and nothing else inline', async () => {
    const html = readFileSync(join(ROOT, 'dist', 'index.html'), 'utf8');
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    const hash = scriptSrc.match(/^script-src 'self' 'wasm-unsafe-eval' 'sha256-([A-Za-z0-9+/=]+)'$/)?.[1];
    assert.ok(hash, `script-src is self, wasm-unsafe-eval and one hash: ${scriptSrc}`);
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.equal(inline.length, 1, 'one inline script: the loader');
    assert.equal(createHash('sha256').update(inline[0]).digest('base64'), hash, 'the hash is the loader\'s');
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'the policy comes before any script');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
});

test('the app is installable: manifest, icons, service worker', async () => {
    const env = await start();
    const { page, problems } = await openPage(env);
    await page.getByRole('heading', { level: 1, name: /Faultline/ }).waitFor();
    await waitForController(page);
    const manifest = await (await page.request.get(`${env.url}manifest.webmanifest`)).json();
    assert.equal(manifest.short_name, 'Faultline');
    for (const icon of manifest.icons) {
        const response = await page.request.get(`${env.url}${icon.src}`);
        assert.equal(response.status(), 200, `${icon.src} is served`);
        if (icon.type === 'image/png') {
            const png = await response.body();
            const [w, h] = icon.sizes.split('x').map(Number);
            assert.equal(png.readUInt32BE(16), w, `${icon.src} width`);
            assert.equal(png.readUInt32BE(20), h, `${icon.src} height`);
        }
    }
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'Chromium sees no installability error');
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, []);
});

test('every route works offline after the first visit', async () => {
    const env = await start();
    const { page } = await openPage(env);
    await page.getByRole('heading', { level: 1, name: /Faultline/ }).waitFor();
    await waitForController(page);
    await env.context.setOffline(true);
    try {
        // A fresh page offline: the start page's own module, its reference text, then the full
        // app swapped in by following a link, then deep links and a reload.
        const fresh = await env.context.newPage();
        await fresh.goto(env.url);
        const timeline = fresh.getByRole('slider', { name: 'Timeline' });
        await timeline.waitFor();
        await timeline.fill(await timeline.getAttribute('max'));
        await fresh.locator('.ref-link:visible').first().click();
        await fresh.locator('.reference-panel .entry-summary').waitFor();
        await fresh.getByRole('button', { name: 'Close the reference panel' }).click();
        await fresh.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Sandbox' }).click();
        await fresh.getByRole('heading', { name: 'Break-it sandbox' }).waitFor();
        await fresh.close();
        for (const [route, shows] of [['', '.flow-panel'], ['#/reference', 'text=Study reference'], ['#/puzzle/7', 'text=Puzzle seed 7']]) {
            await page.goto(`${env.url}${route}`);
            await page.locator(shows).first().waitFor();
        }
        await page.reload();
        await page.locator('text=Puzzle seed 7').waitFor();
        await page.screenshot({ path: screenshotPath('offline') });
    } finally {
        await env.context.setOffline(false);
    }
});

test('the same build runs under a sub-path', async () => {
    const env = await start({ basePath: '/training/faultline/' });
    const { page, problems } = await openPage(env);
    await page.getByRole('heading', { level: 1, name: /Faultline/ }).waitFor();
    await waitForController(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, `${env.url}`);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
});
