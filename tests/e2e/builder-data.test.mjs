// The builder's data: imported packs and drafts are never lost. An unreadable imported-pack list
// is kept aside (or, when it cannot be, nothing is written over it); drafts are kept aside, listed
// with their dates, exported, restored or discarded; two tabs never write over each other; a stored
// selection past the end is clamped; imported packs live under `imported:` ids and ask before
// replacing one another; an imported scenario never marks a built-in one solved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, openPage, screenshotPath, shoot, storeOnly, withBrowser } from './harness.mjs';

const PACKS_KEY = 'faultline.packs.imported';
const DRAFT_KEY = 'faultline.builder.draft';
const ASIDE = 'faultline.aside.';
const WEBHOOKS = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'webhooks.json'), 'utf8'));

const env = withBrowser();

/** A builder page on a clean slate (storage is shared by every page of the test browser). */
async function freshBuilder(seed = {}) {
    // Seeded from a page that neither reads nor saves drafts or packs: an open builder could save
    // its own draft over the seed (or keep it aside) before the reload.
    const { page, problems } = await openPage(env, { path: '#/reference' });
    await page.locator('main h2').first().waitFor();
    await storeOnly(page, seed);
    // A new document, so the builder starts from what is stored, as on a visit.
    await page.goto('about:blank');
    await page.goto(`${env.url}#/builder`);
    await page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    return { page, problems };
}

async function openBuilder() {
    const { page, problems } = await openPage(env, { path: '#/builder' });
    await page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    return { page, problems };
}

async function importPack(page, name, pack) {
    await page.getByLabel('Import a pack file').setInputFiles({
        name, mimeType: 'application/json', buffer: Buffer.from(typeof pack === 'string' ? pack : JSON.stringify(pack)),
    });
}

/** Desktop and phone screenshots with `locator` in view (a full page would show it too small). */
async function shootAround(page, locator, name) {
    for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 780 }]]) {
        await page.setViewportSize(viewport);
        await locator.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await page.waitForTimeout(100);
        await page.screenshot({ path: screenshotPath(`${name}-${label}-view`) });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
}

const stored = (page, key) => page.evaluate((k) => localStorage.getItem(k), key);
const asideItems = (page, kind) => page.evaluate(([prefix, kind]) => Object.keys(localStorage)
    .filter((k) => k.startsWith(`${prefix}${kind}.`)).map((k) => localStorage.getItem(k)), [ASIDE, kind]);
const importedIds = async (page) => JSON.parse((await stored(page, PACKS_KEY)) ?? '[]').map((p) => p.id);

/** A stored draft as the builder writes it, with a title of its own. */
function draftJson(title, extra = {}) {
    return JSON.stringify({
        version: 1, pack: { id: 'old-pack', title, blurb: 'Kept.' }, selected: 0,
        scenarios: [{ id: 'old-one', title: 'Old scenario' }], ...extra,
    });
}

test('an unreadable imported-pack list is kept aside, and the next import does not overwrite it', async () => {
    const { page, problems } = await freshBuilder({ [PACKS_KEY]: '[{"id": "lost"' });
    await assert.doesNotReject(page.getByText(/Your imported packs could not be read/).waitFor());
    assert.deepEqual(await asideItems(page, 'imported-packs'), ['[{"id": "lost"']);
    await assert.doesNotReject(page.getByText('Imported packs that could not be read').waitFor());
    await importPack(page, 'webhooks.json', WEBHOOKS);
    await assert.doesNotReject(page.getByText(/webhooks\.json is stored as imported:webhooks/).waitFor());
    assert.deepEqual(await importedIds(page), ['webhooks']);
    assert.deepEqual(await asideItems(page, 'imported-packs'), ['[{"id": "lost"'], 'the kept copy is untouched');
    // The packs page reads through the same reader: the imported pack is there.
    await page.goto(`${env.url}#/packs`);
    await assert.doesNotReject(page.locator('.pack-card a[href="#/packs/imported:webhooks"]').waitFor());
    assertClean(problems);
    await page.close();
});

test('when the unreadable list cannot be kept aside, imports are refused and it stays as it was', async () => {
    // Seeded from a page that does not read imported packs, so nothing keeps it aside first.
    const { page, problems } = await openPage(env, { path: '#/reference' });
    await storeOnly(page, { [PACKS_KEY]: 'not a list' });
    const blocked = await env.context.newPage();
    const errors = [];
    blocked.on('pageerror', (e) => errors.push(String(e)));
    await blocked.addInitScript((prefix) => {
        const set = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (key.startsWith(prefix)) throw new DOMException('full', 'QuotaExceededError');
            return set.call(this, key, value);
        };
    }, ASIDE);
    await blocked.goto(`${env.url}#/builder`);
    await blocked.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    await assert.doesNotReject(blocked.getByText(/could not be kept aside/).first().waitFor());
    await importPack(blocked, 'webhooks.json', WEBHOOKS);
    await assert.doesNotReject(blocked.getByRole('alert').getByText(/webhooks\.json was not stored/).waitFor());
    assert.equal(await stored(blocked, PACKS_KEY), 'not a list', 'never overwritten');
    assert.deepEqual(errors, []);
    assertClean(problems);
    await page.close();
    await blocked.close();
});

test('kept-aside drafts are listed with dates; export, restore (asking first) and discard', async () => {
    const { page, problems } = await freshBuilder({
        [`${ASIDE}builder-draft.1700000000000`]: draftJson('Old draft'),
        // The single slot of earlier versions moves into the list.
        'faultline.builder.draft.unreadable': '{"not": "a draft"',
    });
    const list = page.locator('.kept-aside-list');
    await assert.doesNotReject(list.getByText('Draft: “Old draft”, 1 scenario').waitFor());
    await assert.doesNotReject(list.getByText('Draft that could not be read as one').waitFor());
    assert.equal(await stored(page, 'faultline.builder.draft.unreadable'), null, 'legacy slot moved');
    assert.match(await list.locator('.kept-aside-item').first().textContent(), /kept aside 2023-11-\d\d \d\d:\d\d:\d\d/);
    // Export: the pack as a file that imports back.
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        list.getByRole('button', { name: /^Export the draft kept aside 2023/ }).click(),
    ]);
    const pack = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(pack.title, 'Old draft');
    assert.equal(pack.scenarios[0].title, 'Old scenario');
    // Restore over a draft with content: asked first; the current draft is kept aside.
    await page.getByLabel('Blurb').fill('Work in progress');
    await list.getByRole('button', { name: /^Restore the draft kept aside 2023/ }).click();
    const question = page.getByRole('alertdialog');
    await assert.doesNotReject(question.getByText(/The draft in the builder now is kept aside first/).waitFor());
    await shoot(page, 'builder-kept-aside');
    await shootAround(page, page.locator('.kept-aside'), 'builder-kept-aside');
    await question.getByRole('button', { name: 'Restore it' }).click();
    await assert.doesNotReject(page.getByText(/✓ Restored the draft kept aside/).waitFor());
    assert.equal(await page.getByLabel('Pack title').inputValue(), 'Old draft');
    assert.equal(await page.getByLabel('Blurb').inputValue(), 'Kept.');
    const kept = await asideItems(page, 'builder-draft');
    assert.ok(kept.some((v) => v.includes('Work in progress')), 'the replaced draft is kept aside');
    assert.ok(!kept.some((v) => v.includes('Old draft')), 'the restored one left the list');
    await page.reload();
    assert.equal(await page.getByLabel('Pack title').inputValue(), 'Old draft', 'restored draft is saved');
    // Discard asks, then removes just that item.
    const before = (await asideItems(page, 'builder-draft')).length;
    await page.locator('.kept-aside-item', { hasText: '“My pack”' }).getByRole('button', { name: /^Discard/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await asideItems(page, 'builder-draft')).length, before, 'cancel keeps it');
    await page.locator('.kept-aside-item', { hasText: '“My pack”' }).getByRole('button', { name: /^Discard/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Discard it' }).click();
    await page.locator('.kept-aside-item', { hasText: '“My pack”' }).waitFor({ state: 'detached' });
    assert.equal((await asideItems(page, 'builder-draft')).length, before - 1);
    assertClean(problems);
    await page.close();
});

test('two tabs: imports merge with what is stored now; a draft saved elsewhere is kept aside', async () => {
    const { page: a, problems } = await freshBuilder();
    const { page: b, problems: problemsB } = await openBuilder();
    await importPack(a, 'one.json', { ...WEBHOOKS, id: 'one', title: 'Pack one' });
    await assert.doesNotReject(a.getByText(/one\.json is stored as imported:one/).waitFor());
    // Tab B loaded before the import: it shows the new pack without a reload...
    await assert.doesNotReject(b.locator('.imported-pack h3', { hasText: 'Pack one' }).waitFor());
    // ...and its own import keeps it.
    await importPack(b, 'two.json', { ...WEBHOOKS, id: 'two', title: 'Pack two' });
    await assert.doesNotReject(b.getByText(/two\.json is stored as imported:two/).waitFor());
    assert.deepEqual(await importedIds(a), ['one', 'two']);
    await assert.doesNotReject(a.locator('.imported-pack h3', { hasText: 'Pack two' }).waitFor());
    // Deleting in A works on the stored list, not on A's copy from page load.
    await a.locator('.imported-pack', { hasText: 'Pack one' }).getByRole('button', { name: 'Delete' }).click();
    await assert.doesNotReject(a.getByText('✓ Deleted imported:one.').waitFor());
    assert.deepEqual(await importedIds(a), ['two']);
    // Drafts: A saves, then B (which loaded the older draft) saves a different one.
    await a.getByLabel('Blurb').fill('written in tab A');
    await a.waitForFunction((k) => localStorage.getItem(k)?.includes('written in tab A'), DRAFT_KEY);
    await assert.doesNotReject(b.getByText(/The draft was changed in another tab/).waitFor());
    await b.getByLabel('Blurb').fill('written in tab B');
    await assert.doesNotReject(b.getByText(/Another tab saved a different draft after this one was opened/).waitFor());
    assert.match(await stored(b, DRAFT_KEY), /written in tab B/);
    const kept = await asideItems(b, 'builder-draft');
    assert.equal(kept.filter((v) => v.includes('written in tab A')).length, 1, 'tab A draft kept aside once');
    // Typing on in B does not keep more copies.
    await b.getByLabel('Blurb').fill('written in tab B, more');
    await b.waitForFunction((k) => localStorage.getItem(k)?.includes('tab B, more'), DRAFT_KEY);
    assert.equal((await asideItems(b, 'builder-draft')).length, kept.length);
    assertClean(problems);
    assertClean(problemsB);
    await a.close();
    await b.close();
});

test('a stored selection past the end is clamped: typing sticks and is saved', async () => {
    const { page, problems } = await freshBuilder({ [DRAFT_KEY]: draftJson('Clamped', { selected: 5 }) });
    const title = page.getByLabel('Title', { exact: true });
    assert.equal(await title.inputValue(), 'Old scenario');
    await title.fill('Typed after load');
    assert.equal(await title.inputValue(), 'Typed after load');
    await page.waitForFunction((k) => localStorage.getItem(k)?.includes('Typed after load'), DRAFT_KEY);
    await page.reload();
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Typed after load');
    assertClean(problems);
    await page.close();
});

test('imported ids: id-less packs both stay; a built-in id is namespaced; the same id asks first', async () => {
    const { page, problems } = await freshBuilder();
    const { id: _, ...noId } = WEBHOOKS;
    await importPack(page, 'first.json', { ...noId, title: 'First without id' });
    await assert.doesNotReject(page.getByText(/first\.json is stored as imported:untitled-pack/).waitFor());
    await importPack(page, 'second.json', { ...noId, title: 'Second without id' });
    await assert.doesNotReject(page.getByText(/second\.json is stored as imported:untitled-pack-2/).waitFor());
    assert.deepEqual(await importedIds(page), ['untitled-pack', 'untitled-pack-2']);
    // A pack with a built-in pack's id, then the same id again: the question.
    await importPack(page, 'webhooks.json', { ...WEBHOOKS, title: 'My webhooks' });
    await assert.doesNotReject(page.getByText(/webhooks\.json is stored as imported:webhooks/).waitFor());
    await importPack(page, 'webhooks-v2.json', { ...WEBHOOKS, title: 'My webhooks v2' });
    const question = page.getByRole('alertdialog');
    await assert.doesNotReject(question.getByText(/“My webhooks” is already imported as imported:webhooks\. Replace it with the pack from webhooks-v2\.json, or keep both \(the new one becomes imported:webhooks-2\)\?/).waitFor());
    await shoot(page, 'builder-replace-question');
    await shootAround(page, question, 'builder-replace-question');
    await question.getByRole('button', { name: 'Keep both' }).click();
    await assert.doesNotReject(page.getByText(/stored as imported:webhooks-2/).waitFor());
    await importPack(page, 'webhooks-v3.json', { ...WEBHOOKS, title: 'My webhooks v3' });
    await page.getByRole('alertdialog').getByRole('button', { name: 'Replace it' }).click();
    await assert.doesNotReject(page.getByText(/webhooks-v3\.json is stored as imported:webhooks —/).waitFor());
    await importPack(page, 'webhooks-v4.json', { ...WEBHOOKS, title: 'Never stored' });
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    const packs = JSON.parse(await stored(page, PACKS_KEY));
    assert.deepEqual(packs.map((p) => [p.id, p.title]), [
        ['untitled-pack', 'First without id'], ['untitled-pack-2', 'Second without id'],
        ['webhooks', 'My webhooks v3'], ['webhooks-2', 'My webhooks v2'],
    ]);
    // The imported pack is reachable beside the built-in one, which is unchanged.
    await page.goto(`${env.url}#/packs/imported:webhooks`);
    await assert.doesNotReject(page.getByRole('heading', { name: /My webhooks v3/ }).waitFor());
    await page.goto(`${env.url}#/packs/webhooks`);
    await assert.doesNotReject(page.getByRole('heading', { name: WEBHOOKS.title, exact: true }).waitFor());
    assertClean(problems);
    await page.close();
});

test('an imported scenario is recorded under its own id and never marks the built-in one solved', async () => {
    const { page, problems } = await freshBuilder({ [PACKS_KEY]: JSON.stringify([WEBHOOKS]) });
    const scenario = WEBHOOKS.scenarios[0];
    await page.goto(`${env.url}#/packs/imported:webhooks/${scenario.id}`);
    await page.locator('.question .choice').first().waitFor();
    // Show the solution: the attempt is recorded, solved or not, under the scenario's id.
    await page.getByRole('button', { name: 'Show solution…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Show solution' }).click();
    await page.locator('.finale').waitFor();
    const ids = await page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem('faultline.progress') ?? '{}').results ?? {}));
    assert.deepEqual(ids, [`imported:webhooks/${scenario.id}`]);
    assertClean(problems);
    await page.close();
});

test('bad stored data and bad files never crash the builder; each is named', async () => {
    const { page, problems } = await freshBuilder({
        [DRAFT_KEY]: '{"pack": 5, "scenarios": "none"}',
        [PACKS_KEY]: JSON.stringify([{ id: 'odd', title: 'Odd', scenarios: 'not a list' }, { id: 'fine', scenarios: [{ id: 'x' }] }]),
    });
    await assert.doesNotReject(page.getByText(/The saved builder draft could not be read/).waitFor());
    assert.equal((await asideItems(page, 'builder-draft')).length, 1, 'the unreadable draft is kept aside');
    await assert.doesNotReject(page.locator('.imported-pack h3', { hasText: 'Odd' }).waitFor());
    await page.locator('.imported-pack', { hasText: 'fine' }).getByRole('button', { name: /^Play/ }).click();
    await assert.doesNotReject(page.getByRole('alert').getByText(/cannot be played yet/).waitFor());
    await page.getByRole('button', { name: '← Back to the builder' }).click();
    for (const [name, text, expected] of [
        ['list.json', '[1, 2]', /list\.json: \d+ problem/],
        ['number.json', '42', /number\.json: \d+ problem/],
        ['empty.json', '', /empty\.json: \d+ problem/],
    ]) {
        await importPack(page, name, text);
        await assert.doesNotReject(page.locator('.import-report').getByText(expected).waitFor());
        await assert.doesNotReject(page.locator('.import-report').getByText('Nothing was stored.').waitFor());
    }
    assert.deepEqual(await importedIds(page), ['odd', 'fine']);
    assertClean(problems);
    await page.close();
});

test('a scenario\'s client and owner survive copying into the builder and exporting', async () => {
    const { page, problems } = await freshBuilder();
    const read = (name) => JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', `${name}.json`), 'utf8'));
    const withClient = read('oauth-and-tokens').scenarios.find((s) => typeof s.client === 'string');
    const withOwner = read('crm-integration').scenarios.find((s) => s.owner);
    const pack = { ...read('oauth-and-tokens'), id: 'kept-fields', title: 'Kept fields', scenarios: [withClient, withOwner] };
    await importPack(page, 'kept-fields.json', pack);
    await page.locator('.imported-pack', { hasText: 'Kept fields' }).getByRole('button', { name: 'Copy into the builder' }).click();
    // The copied scenario is selected; its client shows in the form's select.
    await page.getByLabel('Client (runtime)').waitFor();
    assert.equal(await page.getByLabel('Client (runtime)').inputValue(), withClient.client);
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export pack JSON' }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')).scenarios;
    const byId = (id) => exported.find((s) => s.id === id);
    assert.equal(JSON.stringify(byId(withClient.id).client), JSON.stringify(withClient.client));
    assert.equal(JSON.stringify(byId(withOwner.id).owner), JSON.stringify(withOwner.owner));
    assert.equal(byId(withClient.id).owner, undefined, 'absent stays absent');
    assert.equal(byId(withOwner.id).client, withOwner.client, 'as in the pack');
    assertClean(problems);
    await page.close();
});
