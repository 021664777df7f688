// Learning paths, by keyboard alone at phone width: from the packs page open "First hour", play
// its first step to the end, land on the next step (named by the path, not the pack), and after a
// reload the path shows that step done. The start page links to the path. axe finds nothing on
// the packs page, the path page or a step, light or dark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, launch, openPage, shoot, noAxeViolations } from './harness.mjs';

const PHONE = { width: 360, height: 780 };
const INDEX = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'index.json'), 'utf8'));
const PATH = INDEX.paths.find((p) => p.id === 'first-hour');
const scenarioOf = (step) => {
    const pack = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', `${step.pack}.json`), 'utf8'));
    return pack.scenarios.find((s) => s.id === step.scenario);
};

let env;
before(async () => {
    env = await launch();
});
after(async () => {
    await env?.close();
});

/** Presses Tab until the focused element is a link whose text matches `name`; fails after 120. */
async function tabTo(page, name) {
    for (let i = 0; i < 120; i += 1) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
            const a = document.activeElement;
            return a && a.tagName === 'A' ? a.textContent.trim() : '';
        });
        if (name.test(focused)) return;
    }
    assert.fail(`no link matching ${name} is reached with Tab`);
}

/** Answers every step with the number keys, trying choices in order until one is right. */
async function solveByKeys(page) {
    for (let guard = 0; guard < 60; guard += 1) {
        if (await page.locator('.finale').count()) return;
        const question = page.locator('fieldset.question');
        await question.waitFor();
        const legend = await question.locator('legend').textContent();
        const enabled = await question.locator('.choice').evaluateAll((cs) => cs.map((c) => !c.disabled));
        const index = enabled.indexOf(true);
        await page.keyboard.press(String(index + 1));
        await page.waitForFunction(([legend, index]) => {
            if (document.querySelector('.finale')) return true;
            const q = document.querySelector('fieldset.question');
            if (!q || q.querySelector('legend')?.textContent !== legend) return true;
            return q.querySelectorAll('.choice')[index]?.disabled;
        }, [legend, index]);
    }
    assert.fail('the puzzle was not solved by trying every choice');
}

async function ready(page) {
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    await page.locator('.logs-panel').waitFor();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
}

test('First hour by keyboard at 360 px: step 1 played, step 2 next, 1 of N done after reload', async () => {
    assert.ok(PATH && PATH.steps.length > 2, 'the index has a First hour path');
    const total = PATH.steps.length;
    const { page, problems } = await openPage(env, { path: '#/packs', viewport: PHONE });
    await page.getByRole('heading', { name: 'Learning paths' }).waitFor();
    const cards = page.locator('.path-card');
    assert.deepEqual(await cards.locator('h3').allTextContents(), INDEX.paths.map((p) => p.title), 'every path, in order');
    assert.ok(await page.locator('.paths-panel').evaluate((el) =>
        el.compareDocumentPosition(document.querySelector('.pack-card')) & Node.DOCUMENT_POSITION_FOLLOWING), 'the paths come above the packs');
    await noAxeViolations(page, 'packs page with paths');
    await shoot(page, 'paths-on-packs-page');
    await page.setViewportSize(PHONE);

    await tabTo(page, /^First hour$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/paths\/first-hour$/);
    await page.getByRole('heading', { name: /First hour/ }).waitFor();
    assert.equal(await page.locator('.path-done').textContent(), `0 of ${total} done`);
    const titles = await page.locator('.pack-scenarios .scenario-main > a').allTextContents();
    assert.deepEqual(titles, PATH.steps.map((s) => scenarioOf(s).title), 'the steps in the path\'s order');
    // A step never names its pack: the pack would give the layer away. (The trainer's plan, folded
    // under a heading that says it gives the answers away, may.)
    const text = await page.locator('main').evaluate((main) => {
        const copy = main.cloneNode(true);
        copy.querySelectorAll('.path-plan').forEach((plan) => plan.remove());
        return copy.textContent;
    });
    assert.equal(await page.locator('.path-plan[open]').count(), 0, 'the plan starts folded');
    for (const step of PATH.steps) assert.ok(!text.includes(step.pack), `no pack id ${step.pack} on the path page`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `nothing wider than the phone (${overflow}px)`);
    await noAxeViolations(page, 'path page');
    await shoot(page, 'path-first-hour');
    await page.setViewportSize(PHONE);

    await tabTo(page, /^Start the path: step 1$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/paths\/first-hour\/1$/);
    await ready(page);
    const first = scenarioOf(PATH.steps[0]);
    await page.getByText(first.title, { exact: true }).first().waitFor();
    assert.match(await page.locator('.crumbs [aria-current="page"]').textContent(), new RegExp(`^Step 1 of ${total}$`));
    const packTitle = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', `${PATH.steps[0].pack}.json`), 'utf8')).title;
    assert.ok(!(await page.locator('.scenario-bar').textContent()).includes(packTitle), 'the bar does not name the pack');
    await noAxeViolations(page, 'path step before answering');
    await solveByKeys(page);
    await page.locator('.finale').waitFor();
    await shoot(page, 'path-step-finished');
    await page.setViewportSize(PHONE);

    // Forward to the next step from the bar (Tab from the top of the page reaches it first).
    await page.evaluate(() => document.activeElement?.blur());
    await tabTo(page, /^Next step →$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/paths\/first-hour\/2$/);
    await ready(page);
    await page.getByText(scenarioOf(PATH.steps[1]).title, { exact: true }).first().waitFor();
    assert.match(await page.locator('.crumbs [aria-current="page"]').textContent(), new RegExp(`^Step 2 of ${total}$`));

    await page.goto(`${env.url}#/paths/first-hour`);
    await page.reload();
    await page.locator('.path-done').waitFor();
    assert.equal(await page.locator('.path-done').textContent(), `1 of ${total} done`);
    assert.equal(await page.locator('.scenario-row.solved').count(), 1);
    assert.match(await page.getByRole('link', { name: /^Continue: step 2$/ }).getAttribute('href'), /#\/paths\/first-hour\/2$/);
    assertClean(problems);
    await page.close();
});

test('the start page links to the First hour path; an unknown path or step says so', async () => {
    const { page, problems } = await openPage(env, { viewport: PHONE });
    const link = page.getByRole('link', { name: 'Take the First hour path' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), '#/paths/first-hour');
    await page.goto(`${env.url}#/paths/no-such-path`);
    await page.getByRole('heading', { name: 'There is no learning path with that name' }).waitFor();
    await page.goto(`${env.url}#/paths/first-hour/99`);
    await page.getByRole('heading', { name: 'This path has no such step' }).waitFor();
    assertClean(problems);
    await page.close();
});
