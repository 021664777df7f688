// The modes around the simulator: break-it sandbox and trace compare, challenge links (fresh
// browser, sub-path, tampered), progress (export/import, corrupt storage), the scenario builder
// (draft survives reload, pack import with problems) and markup payloads that must stay text.
// Set MODES_DIST to test a build in another directory than dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertClean, launch, openPage, screenshotPath, shoot, withBrowser } from './harness.mjs';

const BASE = '/training/faultline/';
const PAYLOAD = '<img src=x onerror=alert(1)><script>alert(2)</script>';

const env = withBrowser({ basePath: BASE, dir: process.env.MODES_DIST || undefined }, {
    afterLaunch: (env) => env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin }),
});

/** Fails the test on any dialog (alert from an injected payload). */
function watchDialogs(page) {
    const dialogs = [];
    page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
    });
    return dialogs;
}

async function makeLink(page, story = '', difficulty = '') {
    await page.goto(`${env.url}#/sandbox`);
    await page.locator('.trace-compare').waitFor();
    if (story) await page.getByLabel(/Your story/).fill(story);
    if (difficulty) await page.locator('.challenge-box').getByLabel('Difficulty').selectOption(difficulty);
    await page.getByRole('button', { name: 'Challenge someone' }).click();
    const link = await page.locator('input.challenge-link').inputValue();
    return link;
}

test('sandbox: break a layer, run, and see the differences marked', async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    await page.locator('.trace-compare').waitFor();
    await page.getByLabel('Flow').selectOption('api-call');
    await page.getByRole('button', { name: /^Auth/ }).click();
    await page.getByLabel('Fault').selectOption('expired-token');
    await page.getByLabel('Minutes ago').fill('5');
    await page.getByLabel('Seed').fill('11');
    await page.getByRole('button', { name: 'Run healthy and broken' }).click();
    const broken = page.locator('.compare-side.broken');
    await assert.doesNotReject(broken.getByText('401', { exact: false }).first().waitFor());
    const marks = await page.locator('.events-diff .diff-row:not(.same)').count();
    assert.ok(marks > 0, 'some events differ');
    const symbols = await page.locator('.events-diff .diff-row:not(.same) .mark [aria-hidden]').allTextContents();
    assert.ok(symbols.every((s) => ['~', '−', '+'].includes(s)), `symbols mark each difference: ${symbols}`);
    assert.ok(await page.locator('.logs-diff .diff-row.changed, .logs-diff .diff-row.added').count() > 0, 'log lines differ');
    await shoot(page, 'sandbox');
    // Turn into a puzzle: the same setup opens as a challenge.
    await page.getByRole('button', { name: 'Turn into a puzzle' }).click();
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    assert.match(page.url(), /#\/challenge\/1\./);
    assert.doesNotMatch(page.url(), /expired/);
    assertClean(problems);
    await page.close();
});

test('challenge link: made under a sub-path, opened in a fresh browser, story stays text', async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    const dialogs = watchDialogs(page);
    const link = await makeLink(page, `Agents say ${PAYLOAD}`, 'hard');
    assert.ok(link.startsWith(`${env.url}#/challenge/1.`), link);
    assert.doesNotMatch(link, /token|expired|tls|dns/i, 'no plain fault id in the link');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, link, 'the link is on the clipboard');
    assertClean(problems);

    const fresh = await launch({ dir: process.env.MODES_DIST || undefined });
    try {
        const other = await fresh.context.newPage();
        const otherDialogs = watchDialogs(other);
        const errors = [];
        other.on('pageerror', (e) => errors.push(String(e)));
        await other.goto(link);
        await other.getByRole('group', { name: /Request path/ }).waitFor();
        await assert.doesNotReject(other.getByText(`Agents say ${PAYLOAD}`).waitFor());
        assert.match(await other.locator('.challenge-banner').innerText(), /hard difficulty/, 'played at the chosen difficulty');
        assert.equal(await other.locator('.story img, .story script').count(), 0, 'markup stays text');
        await other.waitForTimeout(300);
        assert.deepEqual(otherDialogs, []);
        assert.deepEqual(errors, []);
        await other.screenshot({ path: screenshotPath('challenge-opened') });
    } finally {
        await fresh.close();
    }
    assert.deepEqual(dialogs, []);
    await page.close();
});

test('tampered, truncated and unknown links show a clear message and a way home', async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    const link = await makeLink(page);
    const code = link.split('#/challenge/')[1];
    const cases = [
        [code.slice(0, -6), /incomplete or was altered/],
        [code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11), /incomplete or was altered|cannot be read/],
        ['7.' + code.slice(2), /newer Faultline/],
        ['hello', /not a Faultline challenge link/],
        ['1.abc<script>', /damaged/],
        ['', /no puzzle/],
    ];
    for (const [bad, message] of cases) {
        await page.goto(`${env.url}#/challenge/${bad}`);
        const box = page.locator('.link-problem');
        await box.waitFor();
        assert.match(await box.textContent(), message, `message for ${bad.slice(0, 20)}`);
        assert.equal(await box.getByRole('link', { name: 'Go to the start page' }).count(), 1);
    }
    await shoot(page, 'challenge-bad-link');
    assertClean(problems);
    await page.close();
});

test('progress: a finished puzzle is recorded, exported and imported again', async () => {
    const { page, problems } = await openPage(env, { path: '#/puzzle/4242' });
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    // Ask for the solution: the attempt is finished and recorded (not solved).
    await page.getByRole('button', { name: 'Show solution…' }).click();
    await page.getByRole('button', { name: 'Show solution', exact: true }).click();
    await page.goto(`${env.url}#/progress`);
    await page.getByRole('heading', { name: 'Progress' }).waitFor();
    await assert.doesNotReject(page.getByText('Generated puzzle 4242').waitFor());
    assert.equal(await page.locator('.mastery-chart .mastery-row').count() > 0, true, 'a mastery bar');
    await shoot(page, 'progress');
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export progress' }).click(),
    ]);
    const exported = readFileSync(await download.path(), 'utf8');
    assert.match(exported, /"schema_version": 2/);
    assert.match(exported, /endless:4242/);
    // Wipe, then import the file back.
    await page.evaluate(() => localStorage.removeItem('faultline.progress'));
    await page.reload();
    await page.getByRole('heading', { name: 'Progress' }).waitFor();
    assert.equal(await page.getByText('Generated puzzle 4242').count(), 0);
    await page.getByLabel('Import progress file').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await assert.doesNotReject(page.getByText('Generated puzzle 4242').waitFor());
    await page.getByLabel('Import progress file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}') });
    await assert.doesNotReject(page.getByText(/bad\.json was not imported: .*no schema_version/).waitFor());
    assert.equal(await page.getByText('Generated puzzle 4242').count(), 1, 'a bad file changes nothing');
    assertClean(problems);
    await page.close();
});

test('corrupt stored progress: the app starts, says so, and keeps the data exportable', async () => {
    const { page, problems } = await openPage(env);
    // Once this page has read its progress (the notices are read after the first paint).
    await page.locator('.logs-panel').waitFor();
    await page.evaluate(() => localStorage.setItem('faultline.progress', '{"schema_version": 2, "results": '));
    await page.reload();
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    const bar = page.locator('.notice-bar');
    await bar.waitFor();
    assert.match(await bar.textContent(), /could not be read/);
    await page.screenshot({ path: screenshotPath('notice-corrupt-progress') });
    await bar.getByRole('link', { name: 'Open Progress' }).click();
    const download_button = page.getByRole('button', { name: /^Download the item kept aside on/ });
    await download_button.waitFor();
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        download_button.click(),
    ]);
    assert.equal(readFileSync(await download.path(), 'utf8'), '{"schema_version": 2, "results": ');
    await page.reload();
    assert.equal(await page.locator('.notice-bar').count(), 0, 'the notice is shown once');
    await page.getByRole('button', { name: /^Discard the item kept aside on/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Discard it' }).click();
    await page.getByText(/Discarded the item kept aside on/).waitFor();
    assertClean(problems);
    await page.close();
});

test('storage disabled: notices, not errors', async () => {
    const { page, problems } = await openPage(env);
    await page.addInitScript(() => {
        // Private mode / storage turned off: every access throws.
        Storage.prototype.getItem = () => { throw new DOMException('denied', 'SecurityError'); };
        Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    });
    await page.goto(`${env.url}#/builder`);
    await page.reload();
    await page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    await assert.doesNotReject(page.getByText(/not letting Faultline save/).first().waitFor());
    await page.getByLabel('Blurb').fill('typed while storage is off');
    await assert.doesNotReject(page.getByText(/storage is full/).first().waitFor());
    assert.equal(await page.getByLabel('Blurb').inputValue(), 'typed while storage is off');
    await page.goto(`${env.url}#/progress`);
    await page.getByRole('heading', { name: 'Progress' }).waitFor();
    await assert.doesNotReject(page.locator('.notice').getByText(/not letting Faultline save/).waitFor());
    assertClean(problems);
    await page.close();
});

test('builder: the draft survives a reload, problems sit by their fields, payloads stay text', async () => {
    const { page, problems } = await openPage(env, { path: '#/builder' });
    const dialogs = watchDialogs(page);
    await page.evaluate(() => localStorage.removeItem('faultline.builder.draft'));
    await page.reload();
    await page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    const blurb = page.locator('[data-path="pack.blurb"]');
    assert.equal(await page.locator('.builder .field-problems').count(), 0, 'nothing is flagged before a field is touched');
    await page.getByRole('button', { name: 'Show them all' }).click();
    assert.match(await blurb.textContent(), /Must not be empty\./);
    await page.getByLabel('Blurb').fill('Practice pack');
    await page.getByLabel('Title', { exact: true }).fill(PAYLOAD);
    await page.getByLabel('Seed').fill('abc');
    await assert.doesNotReject(page.locator('[data-path="seed"]').getByText('Is required and must be a non-negative integer.').waitFor());
    assert.equal(await blurb.locator('.field-problems').count(), 0, 'blurb problem gone');
    await page.getByLabel('Seed').fill('18');
    await page.locator('.trace-text').waitFor();
    assert.match(await page.locator('.trace-text').textContent(), /401/);
    // The request the api-call flow makes is a field too; the live trace follows it.
    await page.getByLabel('Request').selectOption('POST /v2/chats');
    await page.locator('.trace-text', { hasText: 'POST' }).waitFor();
    assert.match(await page.locator('.trace-text').textContent(), /POST \S*\/v2\/chats/);
    await page.reload();
    await page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), PAYLOAD, 'draft survived reload');
    assert.equal(await page.getByLabel('Seed').inputValue(), '18');
    assert.equal(await page.getByLabel('Request').inputValue(), 'POST /v2/chats');
    assert.equal(await page.locator('.builder img, .builder script').count(), 0);
    await shoot(page, 'builder');
    // Export the pack as a file.
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export pack JSON' }).click(),
    ]);
    const pack = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(pack.id, 'my-pack');
    assert.equal(pack.scenarios[0].title, PAYLOAD);
    assert.deepEqual(pack.scenarios[0].call, { method: 'POST', path: '/v2/chats' });
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, []);
    assertClean(problems);
    await page.close();
});

test('builder: importing a pack with errors names each one; the pack plays like a built-in one', async () => {
    const { page, problems } = await openPage(env, { path: '#/builder' });
    const dialogs = watchDialogs(page);
    await page.getByRole('heading', { name: 'Scenario builder' }).waitFor();
    const good = JSON.parse(readFileSync(new URL('../../assets/scenarios/webhooks.json', import.meta.url), 'utf8'));
    const bad = {
        id: 'Bad Pack', schema_version: 1, title: PAYLOAD,
        scenarios: [
            { ...good.scenarios[0], id: 'imported-ok', title: `Imported ${PAYLOAD}` },
            { ...good.scenarios[1], id: 'imported-ok', seed: -1, hints: ['only one'] },
        ],
    };
    await page.getByLabel('Import a pack file').setInputFiles({ name: 'bad-pack.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const report = page.locator('.import-report');
    await report.waitFor();
    const lines = await report.locator('.problem-list li').allTextContents();
    for (const expected of [
        'id: "Bad Pack" must be lowercase letters, digits and dashes',
        'blurb: is required',
        'scenarios[1].seed: is required and must be a non-negative integer',
        'scenarios[1].hints: must have exactly 3 hints, found 1',
        'scenarios[1].id: duplicate id "imported-ok" (first used at scenarios[0])',
    ]) {
        assert.ok(lines.some((l) => l.startsWith(expected)), `${expected} in ${lines.join(' | ')}`);
    }
    await page.getByLabel('Import a pack file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id": ') });
    await assert.doesNotReject(report.getByText(/\$: not valid JSON/).waitFor());
    await shoot(page, 'builder-import');
    // The stored pack plays.
    await page.getByRole('button', { name: `Play Imported ${PAYLOAD}` }).click();
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    assert.equal(await page.locator('img[src="x"], main script').count(), 0);
    await page.getByRole('button', { name: '← Back to the builder' }).click();
    await page.getByRole('heading', { name: 'Imported packs' }).waitFor();
    await page.reload();
    await assert.doesNotReject(page.getByRole('button', { name: `Play Imported ${PAYLOAD}` }).waitFor());
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, []);
    assertClean(problems);
    await page.close();
});
