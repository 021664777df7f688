// Puzzle packs, endless mode, the guided tour and "Practise this" links from the reference:
// deep links that survive a reload, a scenario solved the way a learner would (trying choices and
// reading the feedback), progress shown on the pack page, replayable endless URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, listedOrder, openPage, shoot, withBrowser } from './harness.mjs';

const PACK = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'webhooks.json'), 'utf8'));
const LISTED = listedOrder(PACK);
const SCENARIO = LISTED[1];

const env = withBrowser();

/** Answers every step by trying the choices in order until the feedback says right. */
async function solveByTrying(page) {
    for (let guard = 0; guard < 40; guard++) {
        if (await page.locator('.finale').count()) return;
        const legend = await page.locator('.question legend').textContent();
        const tried = await page.locator('.question .choice.tried').count();
        await page.locator('.question .choice:not([disabled])').first().click();
        await page.waitForFunction(
            ([prev, n]) => document.querySelector('.finale')
                || document.querySelector('.question legend')?.textContent !== prev
                || document.querySelectorAll('.question .choice.tried').length > n,
            [legend, tried],
        );
    }
    assert.fail('the puzzle was not solved by trying every choice');
}

test('packs page lists every pack with its progress', async () => {
    const { page, problems } = await openPage(env, { path: '#/packs' });
    await page.getByRole('heading', { name: 'Puzzle packs' }).waitFor();
    const index = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'index.json'), 'utf8'));
    assert.equal(await page.locator('.pack-card').count(), index.packs.length);
    const card = page.locator('.pack-card', { has: page.getByRole('link', { name: PACK.title, exact: true }) });
    await assert.doesNotReject(card.getByText(`${PACK.scenarios.length} scenarios`).waitFor());
    await assert.doesNotReject(card.getByText('0 solved').waitFor());
    await shoot(page, 'packs');
    await card.getByRole('link', { name: PACK.title, exact: true }).click();
    await page.locator('.pack-scenarios').waitFor();
    assert.match(page.url(), new RegExp(`#/packs/${PACK.id}$`));
    const titles = await page.locator('.scenario-row .scenario-main > a').allTextContents();
    assert.deepEqual(titles, LISTED.map((s) => s.title), 'scenarios easy → hard, the file\'s order within a difficulty');
    // Topic tags ("database", "tls") would give the layer away: none on unsolved scenarios.
    assert.equal(await page.locator('.scenario-row:not(.solved) .tag-chip').count(), 0, 'no tags on unsolved rows');
    await shoot(page, 'pack-webhooks');
    assertClean(problems);
    await page.close();
});

test('a scenario deep link plays the author texts; solving it marks it solved after reload', async () => {
    const path = `#/packs/${PACK.id}/${SCENARIO.id}`;
    const { page, problems } = await openPage(env, { path });
    await page.locator('.question .choice').first().waitFor();
    await assert.doesNotReject(page.getByText(SCENARIO.title, { exact: true }).waitFor());
    const story = typeof SCENARIO.story === 'string' ? SCENARIO.story : SCENARIO.story.actual;
    await assert.doesNotReject(page.locator('.story-panel').getByText(story, { exact: false }).waitFor());
    const before = await page.content();
    assert.ok(!before.includes(SCENARIO.fault.id ?? SCENARIO.fault[0].id), 'fault id not in the DOM');
    assert.ok(!before.includes(SCENARIO.explanations.correct), 'explanation not in the DOM before answering');
    assert.ok(!before.includes(SCENARIO.diagnosis), 'diagnosis not in the DOM before answering');
    assert.equal(await page.locator('.attach-list').count(), 0, 'evidence list hidden before answering');
    assert.equal(await page.locator('.tag-chip').count(), 0, 'no topic tags before answering');
    // The scenario's own first hint.
    await page.getByRole('button', { name: /^Hint 1 of 3/ }).click();
    await assert.doesNotReject(page.getByText(SCENARIO.hints[0], { exact: true }).waitFor());
    await solveByTrying(page);
    // The cause step explains in the author's words, after the layer label.
    const authorCause = SCENARIO.explanations.correct.replace(/^[^:]+: /, '');
    await assert.doesNotReject(page.getByText(authorCause, { exact: true }).waitFor());
    await shoot(page, 'pack-scenario-solved');
    // Next scenario link, in the bar and in the finished diagnosis.
    const nextHref = `#/packs/${PACK.id}/${LISTED[2].id}`;
    const next = page.getByRole('link', { name: /Next scenario/ });
    assert.equal(await next.getAttribute('href'), nextHref);
    const finale = page.locator('.finale');
    assert.equal(await finale.getByRole('link', { name: 'Next puzzle' }).getAttribute('href'), nextHref);
    // The author's escalation evidence appears only now that the puzzle is done.
    for (const item of SCENARIO.evidence_to_attach) {
        await assert.doesNotReject(finale.locator('.attach-list li', { hasText: item }).first().waitFor());
    }
    // Reload the pack page: the scenario is marked solved, by id.
    await page.goto(`${env.url}#/packs/${PACK.id}`);
    await page.reload();
    const row = page.locator('.scenario-row', { has: page.getByRole('link', { name: SCENARIO.title, exact: true }) });
    await row.waitFor();
    assert.match(await row.getAttribute('class'), /\bsolved\b/);
    await assert.doesNotReject(row.getByText('(solved)').waitFor({ state: 'attached' }));
    assert.deepEqual(await row.locator('.tag-chip').allTextContents(), SCENARIO.tags, 'tags once solved');
    assert.equal(await page.locator('.scenario-row:not(.solved) .tag-chip').count(), 0);
    await page.goto(`${env.url}#/packs`);
    const card = page.locator('.pack-card', { has: page.getByRole('link', { name: PACK.title, exact: true }) });
    await assert.doesNotReject(card.getByText('1 solved').waitFor());
    assertClean(problems);
    await page.close();
});

test('a deep link to an unknown scenario says so', async () => {
    const { page, problems } = await openPage(env, { path: `#/packs/${PACK.id}/no-such-thing` });
    await assert.doesNotReject(page.getByRole('heading', { name: 'There is no such scenario' }).waitFor());
    assertClean(problems);
    await page.close();
});

test('endless: filters and next puzzle live in the URL; reload replays the same puzzle', async () => {
    const { page, problems } = await openPage(env, { path: '#/endless' });
    await page.locator('.question .choice').first().waitFor();
    await page.waitForFunction(() => /seed=\d+/.test(location.hash));
    await page.getByLabel('Difficulty').selectOption('hard');
    await page.waitForFunction(() => location.hash.includes('difficulty=hard'));
    await page.getByLabel('Topic').selectOption('tls');
    await page.waitForFunction(() => location.hash.includes('topic=tls'));
    const seedOf = (url) => new URL(url).hash.match(/seed=(\d+)/)[1];
    const first = seedOf(page.url());
    assert.equal(await page.locator('.seed-value').textContent(), first, 'the seed is on screen');
    await page.getByRole('button', { name: /Next puzzle/ }).click();
    await page.waitForFunction((s) => !location.hash.includes(`seed=${s}&`), first);
    const second = seedOf(page.url());
    assert.notEqual(second, first);
    assert.match(page.url(), /difficulty=hard&topic=tls$/, 'filters kept');
    await page.locator('.seed-value', { hasText: second }).waitFor();
    const evidence = async () => (await page.locator('.story-panel').textContent())
        + (await page.locator('.question').textContent());
    const shown = await evidence();
    await shoot(page, 'endless');
    await page.reload();
    await page.locator('.question .choice').first().waitFor();
    assert.equal(await page.locator('.seed-value').textContent(), second);
    assert.equal(await evidence(), shown, 'the same puzzle after reload');
    assert.equal(await page.getByLabel('Difficulty').inputValue(), 'hard');
    assert.equal(await page.getByLabel('Topic').inputValue(), 'tls');
    // A finished endless puzzle is recorded under its seed, difficulty and topic, and shown by name.
    await page.getByRole('button', { name: 'Show solution…' }).click();
    await page.getByRole('button', { name: 'Show solution', exact: true }).click();
    await page.goto(`${env.url}#/progress`);
    await assert.doesNotReject(page.getByText(`Endless puzzle ${second} (hard, TLS)`).waitFor());
    assertClean(problems);
    await page.close();
});

test('a reference entry links to scenarios that practise it', async () => {
    const { page, problems } = await openPage(env, { path: '#/reference/status-401' });
    const section = page.locator('.practise');
    await section.waitFor();
    assert.ok(await section.getByRole('link').count() >= 1);
    await section.getByRole('link').first().click();
    await page.locator('.question .choice').first().waitFor();
    assert.match(page.url(), /#\/packs\/[a-z0-9-]+\/[a-z0-9-]+$/);
    await assert.doesNotReject(page.getByText(/401/).first().waitFor());
    assertClean(problems);
    await page.close();
});

test('tour: offered on the first visit, steps, Esc skips, not offered again, back from the header', async () => {
    const { page, problems } = await openPage(env, { path: '#/' });
    const welcome = page.getByRole('region', { name: /Take the two-minute tour/ });
    await welcome.waitFor();
    await shoot(page, 'tour-welcome');
    await welcome.getByRole('link', { name: 'Start the tour' }).click();
    await page.waitForFunction(() => location.hash === '#/tour');
    const callout = page.getByRole('dialog', { name: 'Confirm expected vs actual' });
    await callout.waitFor();
    await assert.doesNotReject(callout.locator('.tour-count', { hasText: 'step 1 of 9' }).waitFor());
    await page.locator('.story-panel[data-tour-target]').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'tour-title');
    await callout.getByRole('button', { name: /Next/ }).click();
    await page.getByRole('dialog', { name: 'Reproduce' }).waitFor();
    await page.locator('.flow-panel[data-tour-target]').waitFor();
    assert.equal(await page.locator('.story-panel[data-tour-target]').count(), 0, 'one region at a time');
    await page.getByRole('button', { name: /Next/ }).click();
    await page.getByRole('dialog', { name: 'Read the status code' }).waitFor();
    await shoot(page, 'tour-step');
    await page.keyboard.press('Escape');
    await page.locator('.tour-callout').waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-tour-target]').count(), 0, 'outline removed');
    // Not offered again after reload.
    await page.goto(`${env.url}#/`);
    await page.reload();
    // The live page (the served screen has no diagnosis).
    await page.locator('.diagnosis-panel').waitFor();
    await page.waitForTimeout(200);
    assert.equal(await page.locator('.tour-welcome').count(), 0);
    // Reachable from the header.
    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Tour' }).click();
    await page.getByRole('dialog', { name: 'Confirm expected vs actual' }).waitFor();
    assertClean(problems);
    await page.close();
});
