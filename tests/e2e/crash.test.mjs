// When a page fails (a Rust panic): the panel that says so, a Reload that reloads, and on the next
// start the stored data the page had read kept aside (never deleted) with a notice saying where
// to restore it. The trigger is the test route #/__test/panic (and #/?__test=panic for the start
// page's module): it reads the stored builder draft and fails on purpose when there is one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shoot, storeOnly, withBrowser } from './harness.mjs';

const DRAFT_KEY = 'faultline.builder.draft';
const DRAFT = JSON.stringify({ title: 'A draft this page chokes on', note: 'kept, not lost' });

const env = withBrowser();

/** Every stored item, as an object. */
const stored = (page) => page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

/** A clean slate (the tests share one browser profile) holding one builder draft. */
const storeOnlyTheDraft = (page) => storeOnly(page, { [DRAFT_KEY]: DRAFT });

async function seesPanel(page) {
    const panel = page.getByRole('alert').filter({ hasText: 'Faultline stopped working on this page' });
    await panel.waitFor();
    const text = await panel.innerText();
    assert.match(text, /Something went wrong inside Faultline/, 'says what happened');
    assert.match(text, /Your saved data is safe/, 'says saved data is safe');
    const reload = panel.getByRole('button', { name: 'Reload' });
    assert.ok(await reload.evaluate((b) => b === document.activeElement), 'Reload has the focus');
    return reload;
}

/** Clicks Reload and proves a new document loaded (a flag set on the old window is gone). */
async function reloads(page, reload) {
    await page.evaluate(() => {
        window.beforeReload = true;
    });
    await Promise.all([page.waitForEvent('load'), reload.click()]);
    assert.equal(await page.evaluate(() => window.beforeReload), undefined, 'the page really reloaded');
}

async function afterRecovery(page, { shots }) {
    const notice = page.getByRole('status').filter({ hasText: 'stopped with an internal error' });
    await notice.waitFor();
    const text = await notice.innerText();
    assert.match(text, /stopped with an internal error on “Test page”/, `names the page: ${text}`);
    assert.match(text, /kept aside, not deleted: your builder draft \(restore it in Builder\)/, text);
    assert.equal(await notice.getByRole('link', { name: 'Open Builder' }).getAttribute('href'), '#/builder');
    // The page works now, and the draft is kept aside under a key of its own, unchanged.
    await page.getByRole('heading', { name: 'Test page' }).waitFor();
    assert.equal(await page.locator('#fatal-error').count(), 0, 'no panel after the reload');
    const items = await stored(page);
    assert.equal(items[DRAFT_KEY], undefined, 'the draft left its place');
    const aside = Object.keys(items).filter((k) => k.startsWith('faultline.aside.builder-draft.'));
    assert.equal(aside.length, 1, `one kept-aside item: ${Object.keys(items)}`);
    assert.equal(items[aside[0]], DRAFT, 'kept aside unchanged');
    assert.equal(items['faultline.crash.marker'], undefined, 'the crash marker is cleared');
    if (shots) await shoot(page, shots);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await notice.count(), 0, 'the notice can be dismissed');
}

test('full app: a page that fails shows the panel; Reload keeps the draft aside and the page opens', async () => {
    const page = await env.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${env.url}#/packs`);
    await page.getByRole('heading', { name: 'Puzzle packs', level: 2 }).waitFor();
    await storeOnlyTheDraft(page);
    // Reached by following a link, as a learner would: the route fails while the app runs.
    await page.evaluate(() => {
        location.hash = '#/__test/panic';
    });
    const reload = await seesPanel(page);
    const marker = JSON.parse((await stored(page))['faultline.crash.marker']);
    assert.equal(marker.route, '#/__test/panic');
    assert.ok(marker.keys.includes(DRAFT_KEY), `the marker names the draft: ${marker.keys}`);
    assert.ok(!marker.keys.includes('faultline.progress'), 'reads of the previous page are not counted');
    assert.ok(
        await page.locator('body > :not(#fatal-error)').evaluateAll((els) => els.every((e) => e.inert)),
        'the stopped page underneath is out of reach',
    );
    await shoot(page, 'crash-panel');
    await reloads(page, reload);
    await afterRecovery(page, { shots: 'crash-notice' });
    await page.close();
});

test('start page module: the same panel and recovery', async () => {
    const page = await env.context.newPage();
    const modules = [];
    page.on('request', (r) => modules.push(new URL(r.url()).pathname.split('/').pop()));
    await page.goto(`${env.url}#/?__test=panic`);
    await page.getByRole('heading', { name: 'Test page' }).waitFor();
    await storeOnlyTheDraft(page);
    modules.length = 0;
    await page.reload();
    const reload = await seesPanel(page);
    assert.ok(modules.some((m) => m.startsWith('faultline-start-')), `the start module ran: ${modules}`);
    assert.ok(!modules.some((m) => m.startsWith('faultline-web-')), 'not the full app');
    await reloads(page, reload);
    await afterRecovery(page, {});
    await page.close();
});
