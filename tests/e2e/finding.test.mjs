// Finding the right thing: the packs page narrows every scenario by words, topic and difficulty;
// reference search reads whole entries and an empty result suggests a way on; the progress page
// names puzzles by title, lists each topic once (no flows), and its table reflows on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, clearStorage, openPage, screenshotPath, withBrowser } from './harness.mjs';

const WEBHOOKS = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'webhooks.json'), 'utf8'));
const REFERENCE = JSON.parse(readFileSync(join(ROOT, 'assets', 'reference', 'reference.json'), 'utf8'));

const env = withBrowser();

test('packs: a topic and a difficulty narrow every scenario; words search titles', async () => {
    const { page, problems } = await openPage(env, { path: '#/packs', viewport: { width: 360, height: 740 } });
    await page.getByLabel('Topic').selectOption('webhook');
    const results = page.locator('.finder-results');
    await results.waitFor();
    const titles = await results.locator('.scenario-row a').allTextContents();
    for (const s of WEBHOOKS.scenarios.filter((s) => (s.tags || []).includes('webhooks'))) {
        assert.ok(titles.includes(s.title), `${s.title} is listed under Webhooks`);
    }
    const count = titles.length;
    await page.getByLabel('Difficulty').selectOption('hard');
    const hard = await results.locator('.scenario-row').count();
    assert.ok(hard < count, 'difficulty narrows further');
    for (const d of await results.locator('.difficulty').allTextContents()) assert.equal(d, 'hard');
    await page.screenshot({ path: screenshotPath('finder-phone'), fullPage: true });
    // Two taps from the packs page: the first result opens its scenario.
    await page.getByLabel('Difficulty').selectOption('');
    await results.locator('.scenario-row a').first().click();
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    // Words: a scenario's own title finds it; nonsense finds nothing and says so.
    await page.goto(`${env.url}#/packs`);
    const title = WEBHOOKS.scenarios[0].title;
    await page.getByLabel('Find a scenario').fill(title.split(' ').slice(0, 3).join(' '));
    await assert.doesNotReject(results.getByRole('link', { name: title }).waitFor());
    await page.getByLabel('Find a scenario').fill('zzqx nothing');
    await assert.doesNotReject(results.getByText('No scenario matches').waitFor());
    await results.getByRole('button', { name: 'Show every pack' }).click();
    await page.getByRole('region', { name: 'Packs' }).locator('.pack-grid').waitFor();
    assertClean(problems);
    await page.close();
});

test('reference: a word only in an entry body finds it; no result suggests searches', async () => {
    // A word of an entry's body that is not in any title, summary, term or tag.
    const head = (e) => [e.title, e.summary, ...(e.terms || []), ...(e.tags || [])].join(' ').toLowerCase();
    let pick;
    for (const e of REFERENCE.entries) {
        const word = (e.body || []).join(' ').split(/[^A-Za-z]+/).find((w) => w.length > 8
            && !REFERENCE.entries.some((o) => head(o).includes(w.toLowerCase())));
        if (word) { pick = { entry: e, word }; break; }
    }
    assert.ok(pick, 'some body word is not in any entry head');
    const { page, problems } = await openPage(env, { path: '#/reference' });
    const search = page.getByRole('searchbox', { name: 'Search the reference' });
    await search.fill(pick.word);
    await assert.doesNotReject(page.locator('.ref-list a', { hasText: pick.entry.title }).first().waitFor());
    await search.fill('zzqxv');
    const empty = page.locator('.ref-empty');
    await empty.waitFor();
    await empty.getByRole('button', { name: /Search “401”/ }).click();
    assert.equal(await search.inputValue(), '401');
    assert.ok(await page.locator('.ref-list li').count() > 0, 'the suggestion finds entries');
    await page.close();
    // Entry pages step down one heading level at a time (axe heading-order).
    const { page: entry } = await openPage(env, { path: `#/reference/${pick.entry.id}` });
    await entry.locator('.ref-entry h2').waitFor();
    assert.equal(await entry.locator('.ref-entry h4').count(), 0, 'no h4 straight under the entry h2');
    await entry.evaluate(readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
    const violations = await entry.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
        .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`));
    assert.deepEqual(violations, []);
    assertClean(problems);
    await entry.close();
});

test('progress: titles, not storage keys; one topic per name and no flows; a table that reflows', async () => {
    await clearStorage(env);
    const scenario = WEBHOOKS.scenarios[0];
    const stored = {
        schema_version: 2,
        results: {
            'endless:436534:medium:any': { best_score: 120, max_score: 330, solved: true, attempts: 1, hints: 0, seconds: 40 },
            [scenario.id]: { best_score: 200, max_score: 330, solved: true, attempts: 2, hints: 1, seconds: 90 },
        },
        topics: {
            webhook: { attempts: 2, first_try: 1 },
            webhooks: { attempts: 2, first_try: 1 },
            'crm-ticket': { attempts: 2, first_try: 2 },
            'api-call': { attempts: 1, first_try: 1 },
            tls: { attempts: 1, first_try: 0 },
        },
        streak: { current: 1, best: 1, last_day: '2026-11-28' },
    };
    const { page, problems } = await openPage(env);
    await page.evaluate((text) => localStorage.setItem('faultline.progress', text), JSON.stringify(stored));
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${env.url}#/progress`);
    const table = page.locator('table.results');
    await table.waitFor();
    const text = await table.textContent();
    assert.doesNotMatch(text, /endless:436534/, 'no storage key');
    assert.match(text, /Endless puzzle 436534 \(medium, any topic\)/);
    assert.match(text, new RegExp(scenario.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await table.getByRole('link', { name: new RegExp(scenario.title.slice(0, 20)) }).getAttribute('href'),
        `#/packs/${WEBHOOKS.id}/${scenario.id}`);
    const labels = await page.locator('.mastery-label').allTextContents();
    assert.deepEqual(labels.filter((l) => /webhook/i.test(l)), ['Webhooks'], `one webhook topic: ${labels}`);
    assert.ok(!labels.some((l) => /api-call|crm-ticket/.test(l)), `no flow ids: ${labels}`);
    const wide = await page.evaluate(() => {
        const t = document.querySelector('table.results');
        return { table: t.scrollWidth, box: t.parentElement.clientWidth, page: document.documentElement.scrollWidth };
    });
    assert.ok(wide.table <= wide.box + 1 && wide.page <= 361, `the table fits the phone: ${JSON.stringify(wide)}`);
    await page.screenshot({ path: screenshotPath('progress-phone'), fullPage: true });
    assertClean(problems);
    await page.close();
});
