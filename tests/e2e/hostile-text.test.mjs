// Text someone else wrote (imported packs, challenge links) and links mangled on the way: a
// right-to-left override inside it must not reorder the labels around it, and a percent-encoded
// challenge link (as chat tools rewrite them) must open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, openPage, shoot, withBrowser } from './harness.mjs';

const RLO = '\u202E';

const env = withBrowser();

/**
 * Right edge of everything laid out before `after` inside `container`, and the left edge of
 * `after`: with the text isolated, the first is left of the second.
 */
function edges(container, after) {
    return container.evaluate((box, selector) => {
        const next = box.querySelector(selector);
        const before = document.createRange();
        before.setStart(box, 0);
        before.setEndBefore(next);
        const right = Math.max(...[...before.getClientRects()].filter((r) => r.width > 0).map((r) => r.right));
        return { right, left: next.getBoundingClientRect().left };
    }, after);
}

test('an imported pack title with a right-to-left override leaves the labels after it in place', async () => {
    const pack = JSON.parse(readFileSync(join(ROOT, 'assets/scenarios/webhooks.json'), 'utf8'));
    pack.id = 'rlo-pack';
    pack.title = `Hooks ${RLO}by Dana`;
    const { page, problems } = await openPage(env, { path: '#/packs' });
    await page.getByRole('heading', { name: 'Puzzle packs', level: 2 }).waitFor();
    await page.evaluate((packs) => localStorage.setItem('faultline.packs.imported', packs), JSON.stringify([pack]));
    // Imported packs live in their own namespace, so they can never shadow a built-in one.
    await page.goto(`${env.url}#/packs/imported:rlo-pack`);
    await page.reload();
    const heading = page.locator('.pack-page h2').first();
    await heading.waitFor();
    const chip = await edges(heading, '.tag-chip');
    assert.ok(chip.right <= chip.left + 0.5, `"imported" stays after the title: ${JSON.stringify(chip)}`);
    assert.equal(await heading.locator('.tag-chip').innerText(), 'imported');

    await page.locator('.pack-scenarios a').first().click();
    const crumbs = page.locator('.scenario-bar nav.crumbs');
    await crumbs.waitFor();
    const count = await edges(crumbs, '[aria-current="page"]');
    assert.ok(count.right <= count.left + 0.5, `"1 of 9" stays after the pack's name: ${JSON.stringify(count)}`);
    assertClean(problems);
    await page.close();
});

async function makeLink(page, story) {
    await page.goto(`${env.url}#/sandbox`);
    await page.locator('.trace-compare').waitFor();
    await page.getByLabel(/Your story/).fill(story);
    await page.getByRole('button', { name: 'Challenge someone' }).click();
    return page.locator('input.challenge-link').inputValue();
}

test("a challenge link's story with a right-to-left override does not flip the labels beside it", async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    const link = await makeLink(page, `Agents in Lisbon ${RLO}say logins fail`);
    await page.goto(link);
    const row = page.locator('.story div').first();
    await row.waitFor();
    assert.equal(await row.locator('dt').innerText(), 'Who');
    const who = await edges(row, 'dd');
    assert.ok(who.right <= who.left + 0.5, `"Who" stays before the story: ${JSON.stringify(who)}`);
    assert.equal(await row.locator('dd bdi').count(), 1, 'the story is isolated');
    await shoot(page, 'challenge-rlo-story');
    assertClean(problems);
    await page.close();
});

test('a challenge link pasted percent-encoded opens; encoded twice, it is explained, not guessed', async () => {
    const { page, problems } = await openPage(env, { path: '#/sandbox' });
    const link = await makeLink(page, 'Agents in Lisbon say logins fail');
    const [base, code] = link.split('#/challenge/');
    const encoded = [...code].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
    await page.goto(`${base}#/challenge/${encoded}`);
    await page.reload();
    await page.getByRole('group', { name: /Request path/ }).waitFor();
    await page.getByText('Agents in Lisbon say logins fail').waitFor();
    assert.equal(await page.locator('.link-problem').count(), 0);

    await page.goto(`${base}#/challenge/${encoded.replaceAll('%', '%25')}`);
    const problem = page.locator('.link-problem');
    await problem.waitFor();
    // One layer removed leaves "%31%2E…": not a link, and said so, rather than a second decoding.
    assert.match(await problem.innerText(), /not a Faultline challenge link/);
    assert.equal(await page.getByRole('group', { name: /Request path/ }).count(), 0, 'no puzzle opened');
    assertClean(problems);
    await page.close();
});
