// The learner's progress data: import merges (and says what it did), replace asks first and keeps
// a copy aside, bad files change nothing; a result that cannot be saved (storage full) is kept
// and said; every unreadable copy is kept aside under its own key and never overwritten; two tabs
// finishing at once both count; stored counters saturate.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT, assertClean, launch, openPage, screenshotPath, shoot, clearStorage, storedProgress } from './harness.mjs';

const KEY = 'faultline.progress';
const ASIDE = 'faultline.aside.progress.';

let env;
before(async () => {
    env = await launch();
});
after(async () => {
    await env?.close();
});
beforeEach(() => clearStorage(env));

const asideValues = (page) => page.evaluate((prefix) => Object.keys(localStorage)
    .filter((k) => k.startsWith(prefix)).sort().map((k) => localStorage.getItem(k)), ASIDE);

function progressFile(results, extra = {}) {
    const full = {};
    for (const [id, [best_score, solved, attempts]] of Object.entries(results)) {
        full[id] = { best_score, max_score: 100, solved, attempts, hints: 0, seconds: 10 };
    }
    return JSON.stringify({
        schema_version: 2, results: full, topics: {},
        streak: { current: 1, best: 1, last_day: '2026-11-28' }, ...extra,
    });
}

/** Opens a puzzle and asks for its solution: the attempt is finished and recorded. */
async function openPuzzle(page, seed) {
    await page.goto(`${env.url}#/puzzle/${seed}`);
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    await page.getByRole('button', { name: 'Show solution…' }).click();
}
const confirmSolution = (page) => page.getByRole('button', { name: 'Show solution', exact: true }).click();

async function waitFor(check, what, timeout = 5000) {
    const end = Date.now() + timeout;
    for (;;) {
        if (await check()) return;
        if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
        await new Promise((done) => setTimeout(done, 100));
    }
}

const file = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test('import merges and says what it did; bad files change nothing; replace asks and keeps a copy', async () => {
    const { page, problems } = await openPage(env);
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, progressFile({
        same: [50, true, 2], 'better-there': [20, false, 1], 'only-here': [90, true, 4],
    })]);
    await page.goto(`${env.url}#/progress`);
    await page.getByRole('heading', { name: 'Progress' }).waitFor();
    const rows = page.locator('table.results tbody tr');
    assert.equal(await rows.count(), 3);
    const merge = page.getByLabel('Import progress file (merge)');
    const message = page.locator('.message');

    await merge.setInputFiles(file('other.json', progressFile({
        same: [50, true, 2], 'better-there': [70, true, 1], 'new-a': [30, false, 1], 'new-b': [100, true, 1],
    })));
    await message.getByText('Merged: 2 new results, 1 improved, 1 unchanged (from other.json).').waitFor();
    await page.screenshot({ path: screenshotPath('progress-merged-desktop') });
    assert.equal(await rows.count(), 5);
    assert.equal((await storedProgress(page)).results['better-there'].best_score, 70, 'the merge is saved');
    assert.equal((await storedProgress(page)).results['only-here'].best_score, 90, 'nothing is lost');

    // An empty export merges to nothing new: no result is wiped.
    await merge.setInputFiles(file('empty.json', progressFile({})));
    await message.getByText(/Merged: 0 new results, 0 improved, 0 unchanged/).waitFor();
    assert.equal(await rows.count(), 5);

    // Invalid files say what and where, and change nothing.
    const before = await page.evaluate((key) => localStorage.getItem(key), KEY);
    for (const [name, text, why] of [
        ['zero.json', '{"schema_version": 0, "results": {}}', /zero\.json was not imported: the file has schema_version 0/],
        ['future.json', '{"schema_version": 7}', /future\.json was not imported: .*newer Faultline \(schema 7/],
        ['shape.json', '{"schema_version": 2,\n"results": []}', /shape\.json was not imported: .*expected shape .*line 2/],
        ['big.json', progressFile({}, { pad: 'x'.repeat(2.2 * 1024 * 1024) }), /big\.json was not imported: the file is 2\.2 MB, more than the 2 MB/],
    ]) {
        const started = Date.now();
        await merge.setInputFiles(file(name, text));
        await message.getByText(why).waitFor();
        assert.ok(Date.now() - started < 5000, `${name} is refused without stalling the page`);
        assert.match(await message.textContent(), /Your progress is unchanged/);
        assert.equal(await rows.count(), 5);
    }
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), before, 'storage unchanged');

    // Replace asks first, in the page; Cancel changes nothing.
    const replace = page.getByLabel('Replace progress with a file');
    const replacement = file('fresh.json', progressFile({ only: [10, false, 1] }));
    await replace.setInputFiles(replacement);
    const dialog = page.getByRole('alertdialog', { name: 'Replace all your progress?' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /\(5 results\) will be replaced by fresh\.json \(1 results\)/);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Replace my progress', 'focus moves to the question');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await rows.count(), 5);
    await replace.setInputFiles(replacement);
    await dialog.getByRole('button', { name: 'Replace my progress' }).click();
    await message.getByText(/Replaced your progress with fresh\.json/).waitFor();
    assert.equal(await rows.count(), 1);
    // The copy kept aside lists with its date and can be restored.
    const kept = page.locator('.aside-item');
    assert.equal(await kept.count(), 1);
    assert.match(await kept.textContent(), /Copy of your progress — kept aside \d{4}-\d\d-\d\d \d\d:\d\d5 puzzles, 4 solved/);
    await shoot(page, 'progress-kept-aside');
    await page.setViewportSize({ width: 360, height: 780 });
    await page.screenshot({ path: screenshotPath('progress-kept-aside-phone-full'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    await kept.getByRole('button', { name: /^Restore/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Replace my progress' }).click();
    await message.getByText(/Replaced your progress with the copy kept aside on/).waitFor();
    assert.equal(await rows.count(), 5);
    assert.equal(await kept.count(), 2, 'restoring kept a copy of what it replaced');
    assertClean(problems);
    await page.close();
});

test('storage full: the result is kept, said, exportable, and saved with the next one', async () => {
    const { page, problems } = await openPage(env);
    await openPuzzle(page, 101);
    await page.evaluate(() => {
        window.realSetItem = Storage.prototype.setItem;
        Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    });
    await confirmSolution(page);
    const alert = page.locator('.notice-bar.unsaved[role="alert"]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Your latest result was not saved: browser storage is full\./);
    await page.screenshot({ path: screenshotPath('progress-unsaved-notice') });
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        alert.getByRole('button', { name: 'Export progress' }).click(),
    ]);
    assert.ok(JSON.parse(readFileSync(await download.path(), 'utf8')).results['endless:101'], 'the export has the unsaved result');
    assert.equal(await storedProgress(page), null);

    // Space again: the next finished puzzle saves both.
    await page.evaluate(() => { Storage.prototype.setItem = window.realSetItem; });
    await openPuzzle(page, 102);
    await confirmSolution(page);
    await waitFor(async () => Object.keys((await storedProgress(page))?.results ?? {}).length === 2, 'both results saved');
    assert.deepEqual(Object.keys((await storedProgress(page)).results).sort(), ['endless:101', 'endless:102']);
    await alert.waitFor({ state: 'detached' });
    assertClean(problems);
    await page.close();
});

test('unreadable progress: every copy kept aside, listed, exportable, discardable; never overwritten', async () => {
    const { page, problems } = await openPage(env);
    // The single slot of earlier versions moves into the list.
    await page.evaluate(() => localStorage.setItem('faultline.progress.unreadable', 'legacy copy'));
    await page.goto(`${env.url}#/progress`);
    await page.getByRole('heading', { name: 'Kept aside' }).waitFor();
    for (const bad of ['{"schema_version": 2, "results": ', '{"schema_version": 0}']) {
        await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, bad]);
        await page.reload();
        await page.getByRole('heading', { name: 'Kept aside' }).waitFor();
        assert.match(await page.locator('.notice').first().textContent(), /It was kept aside/);
    }
    const kept = page.locator('.aside-item');
    assert.equal(await kept.count(), 3, 'a second problem does not replace the first');
    assert.deepEqual((await asideValues(page)).sort(), ['legacy copy', '{"schema_version": 0}', '{"schema_version": 2, "results": '].sort());
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        kept.filter({ hasText: 'schema_version 0' }).getByRole('button', { name: /^Download/ }).click(),
    ]);
    assert.equal(readFileSync(await download.path(), 'utf8'), '{"schema_version": 0}');
    await kept.first().getByRole('button', { name: /^Discard/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Discard it' }).click();
    await page.locator('.message').getByText(/Discarded the item kept aside on/).waitFor();
    assert.equal(await kept.count(), 2);

    // Storage full: the unreadable data cannot be kept aside, so nothing may claim it was, and
    // the next finished puzzle must not write over it.
    await page.addInitScript(() => {
        const realSetItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (localStorage.getItem('test.full') === '1' && !key.startsWith('test.')) {
                throw new DOMException('full', 'QuotaExceededError');
            }
            return realSetItem.call(this, key, value);
        };
    });
    await page.evaluate(([key]) => {
        localStorage.setItem(key, 'unreadable third');
        localStorage.setItem('test.full', '1');
    }, [KEY]);
    await page.reload();
    await openPuzzle(page, 103);
    const bar = page.locator('.notice-bar[role="status"]');
    await bar.waitFor();
    const said = await bar.textContent();
    assert.match(said, /could not be kept aside \(browser storage is full\)/);
    assert.doesNotMatch(said, /It was kept aside/);
    await confirmSolution(page);
    await page.locator('.notice-bar.unsaved').getByText(/not saved: your saved progress could not be read or kept aside/).waitFor();
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), 'unreadable third', 'not overwritten');

    // Space again: the data is kept aside first, then both results are written.
    await page.evaluate(() => localStorage.removeItem('test.full'));
    await openPuzzle(page, 104);
    await confirmSolution(page);
    await waitFor(async () => {
        const text = await page.evaluate((key) => localStorage.getItem(key), KEY);
        return text?.includes('endless:104');
    }, 'the results written');
    assert.deepEqual(Object.keys((await storedProgress(page)).results).sort(), ['endless:103', 'endless:104']);
    assert.ok((await asideValues(page)).includes('unreadable third'), 'kept aside before it was replaced');
    assertClean(problems);
    await page.close();
});

test('data of other kinds kept aside (interview answers, what a crashed page read) is listed on Progress', async () => {
    const { page, problems } = await openPage(env);
    await page.evaluate(() => {
        localStorage.setItem('faultline.aside.interview-drafts.1764547200000', '{"401-vs-403": "my answer"}');
        localStorage.setItem('faultline.aside.something-else.1764547300000', 'raw text');
        // Kinds the Builder lists stay there.
        localStorage.setItem('faultline.aside.builder-draft.1764547400000', '{"pack":{}}');
    });
    await page.goto(`${env.url}#/progress`);
    const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Other data kept aside' }) });
    await section.waitFor();
    const items = section.locator('.aside-item');
    assert.equal(await items.count(), 2, 'both other kinds, not the builder draft');
    assert.match(await items.allTextContents().then((t) => t.join(' ')), /Interview answers/);
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        items.filter({ hasText: 'Interview answers' }).getByRole('button', { name: /^Download/ }).click(),
    ]);
    assert.equal(readFileSync(await download.path(), 'utf8'), '{"401-vs-403": "my answer"}');
    await items.filter({ hasText: 'something-else' }).getByRole('button', { name: /^Discard/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Discard it' }).click();
    await page.waitForFunction(() => !localStorage.getItem('faultline.aside.something-else.1764547300000'));
    assert.equal(await items.count(), 1);
    assert.ok(await page.evaluate(() => localStorage.getItem('faultline.aside.builder-draft.1764547400000')), 'builder item untouched');
    assertClean(problems);
    await page.close();
});

test('two tabs finishing at the same moment both count; an open Progress page follows', async () => {
    const watcher = await openPage(env, { path: '#/progress' });
    await watcher.page.getByRole('heading', { name: 'Progress' }).waitFor();
    const a = await openPage(env);
    const b = await openPage(env);
    const rounds = 10;
    for (let i = 0; i < rounds; i += 1) {
        await Promise.all([openPuzzle(a.page, 500 + i), openPuzzle(b.page, 600 + i)]);
        await Promise.all([confirmSolution(a.page), confirmSolution(b.page)]);
    }
    await waitFor(async () => Object.keys((await storedProgress(a.page))?.results ?? {}).length >= 2 * rounds, 'every result stored');
    await new Promise((done) => setTimeout(done, 800));
    const results = Object.keys((await storedProgress(a.page)).results);
    assert.equal(results.length, 2 * rounds, `no result lost: ${results.join(' ')}`);
    // The Progress page opened before any of this shows them without a reload and exports them.
    await waitFor(async () => (await watcher.page.locator('table.results tbody tr').count()) === 2 * rounds, 'the open page refreshed');
    const [download] = await Promise.all([
        watcher.page.waitForEvent('download'),
        watcher.page.getByRole('button', { name: 'Export progress' }).click(),
    ]);
    assert.equal(Object.keys(JSON.parse(readFileSync(await download.path(), 'utf8')).results).length, 2 * rounds);
    for (const tab of [watcher, a, b]) {
        assertClean(tab.problems);
        await tab.page.close();
    }
});

test('stored counters at their maximum saturate instead of wrapping', async () => {
    const { page, problems } = await openPage(env);
    const max = 4294967295;
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, JSON.stringify({
        schema_version: 2,
        results: { 'endless:77': { best_score: max, max_score: max, solved: true, attempts: max, hints: max, seconds: max } },
        topics: { 'api-call': { attempts: max, first_try: max } },
        streak: { current: max, best: max, last_day: '2020-01-01' },
    })]);
    await openPuzzle(page, 77);
    await confirmSolution(page);
    await waitFor(async () => (await storedProgress(page))?.results['endless:77']?.max_score !== max, 'the attempt recorded');
    const after = await storedProgress(page);
    assert.equal(after.results['endless:77'].attempts, max);
    assert.equal(after.topics['api-call'].attempts, max);
    assert.equal(after.streak.best, max);
    await page.goto(`${env.url}#/progress`);
    await page.getByRole('heading', { name: 'Mastery per topic' }).waitFor();
    assertClean(problems);
    await page.close();
});

test('a file from before the owner question loads; answering the owner right first time is counted', async () => {
    const seed = 4242;
    // `#/puzzle/<seed>` is the engine's generated puzzle: its key comes from the CLI.
    const puzzle = JSON.parse(execFileSync('cargo', ['run', '-q', '-p', 'faultline-engine', '--bin', 'faultline', '--',
        'puzzle', '--seed', String(seed)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    assert.deepEqual(puzzle.view.questions.map((q) => q.id), ['layer', 'cause', 'action', 'owner']);
    const { page, problems } = await openPage(env);
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, JSON.stringify({
        schema_version: 2, results: {},
        topics: { older: { attempts: 3, first_try: 2 } },
        streak: { current: 0, best: 0, last_day: null },
    })]);
    await page.goto(`${env.url}#/puzzle/${seed}`);
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    for (const [q, question] of puzzle.view.questions.entries()) {
        const at = question.choices.findIndex((c) => c.id === puzzle.key[q].correct);
        await page.locator('.question .choice').nth(at).click();
        await page.locator('.settled-list li').nth(q).waitFor();
    }
    await page.locator('.finale').waitFor();
    await waitFor(async () => (await storedProgress(page))?.results[`endless:${seed}`], 'the attempt recorded');
    const stored = await storedProgress(page);
    assert.deepEqual(stored.topics.older, { attempts: 3, first_try: 2, owner_first_try: 0 }, 'the older topic is kept');
    const topics = Object.entries(stored.topics).filter(([t]) => t !== 'older');
    assert.ok(topics.length >= 2, 'the layer and the flow are topics');
    for (const [topic, stats] of topics) {
        assert.deepEqual(stats, { attempts: 1, first_try: 1, owner_first_try: 1 }, topic);
    }
    // The Progress page shows the owner question's result beside the layer question's.
    await page.goto(`${env.url}#/progress`);
    await page.getByRole('heading', { name: 'Mastery per topic' }).waitFor();
    const owners = await page.locator('.mastery-value.owner').allTextContents();
    const layers = await page.locator('.mastery-value.layer').allTextContents();
    assert.ok(owners.length >= 1 && owners.length === layers.length, `one owner bar per topic: ${owners}`);
    // Every topic of this puzzle shows the owner right first time; the older topic (3 attempts
    // recorded before the owner question existed) is the one row that does not.
    assert.equal(owners.filter((o) => o === 'owner 100%').length, owners.length - 1, `the owner was right first time: ${owners}`);
    assert.equal(layers.filter((l) => l === 'layer 100% · 1×').length, layers.length - 1, `${layers}`);
    assertClean(problems);
    await page.close();
});
