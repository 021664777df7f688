// The start page's progress writer is a module of its own (faultline-progress), downloaded only
// when the start page has something to save or a returning visitor something to be told: a first
// visit does not download it until a puzzle is finished; a finished puzzle is recorded; unreadable
// stored progress is kept aside and said on the start page; when the writer cannot be downloaded,
// the result is kept, said and exportable, and saved once the full app runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertClean, assertSettles, openPage, simulatorReady, storedProgress, withBrowser } from './harness.mjs';

// Without a service worker: its precache would download every module, which is not what a first
// visit's page requests, and would answer a blocked download from its cache.
const env = withBrowser({ serviceWorkers: 'block' }, { clearStorageEachTest: true });

const KEY = 'faultline.progress';
const WRITER = 'faultline-progress-';

function requested(page) {
    const names = [];
    page.on('request', (req) => names.push(new URL(req.url()).pathname.split('/').pop()));
    return names;
}
const has = (names, prefix) => names.some((n) => n.startsWith(prefix));

async function showSolution(page) {
    await page.getByRole('button', { name: 'Show solution…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Show solution' }).click();
    await page.locator('.statement').waitFor();
}

const resultCount = async (page) => Object.keys((await storedProgress(page))?.results ?? {}).length;

test('a first visit downloads the progress writer only when a puzzle is finished, which is recorded', async () => {
    const { page, problems } = await openPage(env);
    const names = requested(page);
    await page.reload();
    await simulatorReady(page);
    // Well past the first paint, when a returning visitor's notices are read.
    await page.waitForTimeout(500);
    assert.ok(has(names, 'faultline-start-'), `the start module was loaded: ${names}`);
    assert.ok(!has(names, WRITER), `no progress writer before a puzzle is finished: ${names}`);
    assert.equal(await storedProgress(page), null);

    await showSolution(page);
    await assertSettles(() => resultCount(page), 1, 'the finished puzzle is stored', 5000);
    assert.ok(has(names, WRITER), 'the writer was downloaded to store it');
    assert.ok(!has(names, 'faultline-web-'), 'without the full app');
    assert.equal(await page.locator('.notice-bar.unsaved').count(), 0, 'nothing is said to be waiting');

    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('heading', { name: 'Progress', exact: true }).waitFor();
    const tried = page.locator('.streaks div').filter({ hasText: 'Puzzles tried' }).locator('dd');
    assert.equal(await tried.textContent(), '1', 'the Progress page shows the result');
    assert.equal(await resultCount(page), 1);
    assertClean(problems);
    await page.close();
});

test('a returning visitor whose stored progress is unreadable is told on the start page; it is kept aside', async () => {
    const { page, problems } = await openPage(env);
    const bad = '{"schema_version": 2, "results": ';
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, bad]);
    const names = requested(page);
    await page.reload();
    const bar = page.locator('.notice-bar[role="status"]');
    await bar.waitFor();
    assert.match(await bar.textContent(), /could not be read.*It was kept aside/s);
    assert.ok(has(names, WRITER), 'the writer read it');
    assert.ok(!has(names, 'faultline-web-'), 'the start page told it, not the full app');
    const kept = await page.evaluate(() => Object.keys(localStorage)
        .filter((k) => k.startsWith('faultline.aside.progress.')).map((k) => localStorage.getItem(k)));
    assert.deepEqual(kept, [bad], 'the unreadable text is kept aside, unchanged');

    // A result finished now is stored, and the copy kept aside stays.
    await simulatorReady(page);
    await showSolution(page);
    await assertSettles(() => resultCount(page), 1, 'the finished puzzle is stored', 5000);
    assert.equal(await page.evaluate(() => Object.keys(localStorage)
        .filter((k) => k.startsWith('faultline.aside.progress.')).length), 1);
    assertClean(problems);
    await page.close();
});

test('when the progress writer cannot be downloaded, the finished result is kept, said and exportable', async () => {
    const { page } = await openPage(env);
    await page.route(`**/${WRITER}*`, (route) => route.abort('internetdisconnected'));
    await page.reload();
    await simulatorReady(page);
    await showSolution(page);
    const alert = page.locator('.notice-bar.unsaved[role="alert"]');
    await alert.waitFor();
    assert.match(
        await alert.textContent(),
        /Your latest result is not saved yet: the part of Faultline that saves progress could not be loaded/,
    );
    assert.equal(await storedProgress(page), null);
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        alert.getByRole('button', { name: 'Export progress' }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.schema_version, 2);
    assert.equal(exported.unsaved_results.length, 1, 'the export holds the waiting result');

    // The full app runs next: it writes the waiting result itself.
    await page.unroute(`**/${WRITER}*`);
    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('heading', { name: 'Progress', exact: true }).waitFor();
    await assertSettles(() => resultCount(page), 1, 'the full app saved the waiting result', 5000);
    const id = Object.keys((await storedProgress(page)).results)[0];
    assert.equal(id, exported.unsaved_results[0].scenario_id);
    // On its own (in another browser, say) the exported file is that result.
    await page.evaluate((key) => localStorage.removeItem(key), KEY);
    await page.reload();
    await page.getByRole('heading', { name: 'Progress', exact: true }).waitFor();
    await page.getByLabel('Import progress file (merge)').setInputFiles({
        name: 'faultline-progress.json', mimeType: 'application/json', buffer: readFileSync(await download.path()),
    });
    await page.locator('.message').waitFor();
    assert.deepEqual(Object.keys((await storedProgress(page)).results), [id], 'the imported file holds the result');
    await page.close();
});
