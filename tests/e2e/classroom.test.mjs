// Classroom mode: the presenter view hides the answer until "Reveal", steps by keyboard, runs an
// optional countdown, and a pack's worksheet prints with the answer key on its own page.
// Set MODES_DIST to test a build in another directory than dist/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertCount, launch, listedOrder, openPage, screenshotPath } from './harness.mjs';

const PACK = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'webhooks.json'), 'utf8'));

let env;
before(async () => {
    env = await launch({ dir: process.env.MODES_DIST || undefined });
});
after(async () => {
    await env?.close();
});

async function shoot(page, name, { full = false } = {}) {
    for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 780 }]]) {
        await page.setViewportSize(viewport);
        for (const scheme of ['light', 'dark']) {
            await page.emulateMedia({ colorScheme: scheme });
            await page.waitForTimeout(100);
            await page.screenshot({ path: screenshotPath(`${name}-${label}-${scheme}`), fullPage: full });
        }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 860 });
}

test('presenter: answer hidden, keyboard steps, countdown, reveal shows the diagnosis and evidence', async () => {
    const { page, problems } = await openPage(env, { path: '#/classroom' });
    await page.getByRole('heading', { name: 'Classroom' }).waitFor();
    await page.getByLabel('Pack', { exact: true }).selectOption({ label: 'Webhooks' });
    // The list must not give the layer away through topic tags.
    const listed = await page.locator('.present-list').textContent();
    for (const tag of new Set(PACK.scenarios.flatMap((s) => s.tags ?? []))) {
        if (tag === 'webhooks') continue; // the pack's own name
        assert.ok(!listed.includes(tag), `no topic tag “${tag}” in the list`);
    }
    await page.getByRole('link', { name: /^Present “/ }).first().click();
    await page.locator('.presenter').waitFor();
    // The presented puzzle is in the URL: a reload (or a shared link) shows the same one.
    assert.match(page.url(), new RegExp(`#/classroom/present/webhooks/${listedOrder(PACK)[0].id}$`));
    assert.equal(await page.title(), 'Presenting · Classroom — Faultline');
    const title = await page.locator('.presenter-head h2').textContent();
    await page.reload();
    await page.locator('.presenter').waitFor();
    assert.equal(await page.locator('.presenter-head h2').textContent(), title, 'same puzzle after reload');
    assert.equal(await page.locator('.reveal-box').count(), 0, 'no answer before the reveal');
    const html = await page.locator('main').innerHTML();
    assert.doesNotMatch(html, /Integration config \/ middleware/, 'the answer layer label is not in the DOM');
    await page.locator('.presenter-head h2').click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await assertCount(page.locator('.event-list .event'), 2, '→ steps the animation');
    await page.keyboard.press('ArrowLeft');
    await assertCount(page.locator('.event-list .event'), 1, '← steps back');
    await page.getByLabel('Countdown').selectOption('2');
    assert.equal(await page.getByRole('timer').textContent(), '2:00');
    await page.getByRole('button', { name: 'Start timer' }).click();
    await page.waitForFunction(() => document.querySelector('[role=timer]')?.textContent !== '2:00', null, { timeout: 4000 });
    await page.getByRole('button', { name: 'Pause timer' }).click();
    // Projector type: the evidence is large at 1920 px.
    await page.setViewportSize({ width: 1920, height: 1080 });
    const size = await page.locator('.presenter .ev-what').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 22, `event text is ${size}px at 1920 px`);
    await page.screenshot({ path: screenshotPath('classroom-hidden-1920') });
    await page.setViewportSize({ width: 1280, height: 860 });
    await shoot(page, 'classroom-hidden');
    await page.keyboard.press('r');
    const box = page.locator('.reveal-box');
    await box.waitFor();
    assert.match(await box.textContent(), /Integration config \/ middleware/);
    // Who owns the fix, and why: the subscription is the integration admin's setting.
    assert.match(await box.locator('dt', { hasText: 'Owner' }).locator('xpath=..').textContent(), /OwnerThe integration admin: ./);
    assert.ok(await box.locator('mark').count() > 0, 'evidence is highlighted');
    await shoot(page, 'classroom-revealed');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
});

test('a random puzzle is presented from a seed route; a bad route says so', async () => {
    const { page, problems } = await openPage(env, { path: '#/classroom' });
    await page.getByRole('button', { name: 'Present a random puzzle' }).click();
    await page.locator('.presenter').waitFor();
    const m = page.url().match(/#\/classroom\/seed\/(\d+)$/);
    assert.ok(m, page.url());
    assert.equal(await page.locator('.presenter-head h2').textContent(), `Puzzle ${m[1]}`);
    assert.equal(await page.locator('.reveal-box').count(), 0, 'answer hidden');
    await page.goto(`${env.url}#/classroom/present/webhooks/no-such-scenario`);
    await page.getByText('The pack “webhooks” has no scenario “no-such-scenario”.').waitFor();
    await page.getByRole('link', { name: '← Choose another' }).click();
    await page.getByRole('heading', { name: 'Classroom' }).waitFor();
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
});

test('worksheet: stories, evidence, answer lines, and the key on a separate printed page', async () => {
    const { page, problems } = await openPage(env, { path: '#/classroom/worksheet/webhooks' });
    await page.getByRole('heading', { name: 'Troubleshooting worksheet' }).waitFor();
    const items = await page.locator('.ws-item').count();
    assert.ok(items >= 3);
    assert.equal(await page.locator('.ws-item .ws-answers').count(), items);
    assert.equal(await page.locator('.answer-key > ol > li').count(), items);
    // Four questions on the sheet, four answers in the key: who owns the fix among them.
    assert.equal(await page.locator('.ws-answers', { hasText: 'Who owns the fix:' }).count(), items);
    const owners = await page.locator('.answer-key li dt:text-is("Owner") + dd').allTextContents();
    assert.equal(owners.length, items);
    for (const o of owners) assert.match(o, /^[A-Z][^:]+: \S/, `the key says who and why: ${o}`);
    const breakBefore = await page.locator('.answer-key').evaluate((el) => getComputedStyle(el).breakBefore);
    assert.equal(breakBefore, 'page');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false, 'no header in print');
    assert.equal(await page.getByRole('button', { name: 'Print worksheet' }).isVisible(), false);
    await page.pdf?.({ path: screenshotPath('worksheet').replace(/\.png$/, '.pdf') }).catch(() => {});
    await page.screenshot({ path: screenshotPath('worksheet-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await shoot(page, 'worksheet');
    await page.goto(`${env.url}#/classroom/worksheet/no-such-pack`);
    await page.getByText('There is no pack with the id “no-such-pack” here.').waitFor();
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
});
