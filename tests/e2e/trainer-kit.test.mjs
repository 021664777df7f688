// The trainer's kit: a path's 60-minute plan on its page and in the path session's setup; each
// scenario's objective, likely wrong answers (why tempting, why not), discussion prompt and
// debrief in the presenter's private notes on the laptop and never on the audience window; the
// worksheet's topic-neutral title and its answer key's "why not" lines and evidence to attach.
// Set MODES_DIST to test a build in another directory than dist/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launch, openPage, screenshotPath, noAxeViolations } from './harness.mjs';

const read = (name) => JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', name), 'utf8'));
const INDEX = read('index.json');
const FIRST_HOUR = INDEX.paths.find((p) => p.id === 'first-hour');
const scenario = (step) => read(`${step.pack}.json`).scenarios.find((s) => s.id === step.scenario);

let env;
before(async () => {
    env = await launch({ dir: process.env.MODES_DIST || undefined });
});
after(async () => {
    await env?.close();
});

async function shot(target, name) {
    const path = screenshotPath(name);
    await target.screenshot({ path });
    copyFileSync(path, join('/tmp', `${name}.png`));
}

test('a path page and the path session setup show the 60-minute plan, folded', async () => {
    const { page, problems } = await openPage(env, { path: '#/paths/first-hour' });
    const plan = page.locator('details.path-plan');
    await plan.waitFor();
    assert.equal(await plan.locator('table').isVisible(), false, 'folded: it names what each step teaches');
    await plan.locator('summary').click();
    const rows = plan.locator('tbody tr');
    assert.equal(await rows.count(), FIRST_HOUR.plan.length);
    assert.match(await rows.first().locator('td').first().textContent(), /^0:00–0:0\d$/);
    assert.match(await rows.last().locator('td').first().textContent(), /–1:00$/);
    const first = scenario(FIRST_HOUR.steps[0]);
    assert.ok((await rows.allTextContents()).some((r) => r.includes(`Step 1: ${first.title}`)));
    await noAxeViolations(page, 'path page with its plan open');

    await page.goto(`${env.url}#/classroom`);
    await page.getByLabel('A learning path').check();
    await page.getByLabel('Learning path for the session').selectOption({ label: 'First hour' });
    const setup = page.locator('.session-form details.path-plan');
    await setup.locator('summary').click();
    assert.equal(await setup.locator('tbody tr').count(), FIRST_HOUR.plan.length);
    await noAxeViolations(page, 'path session setup with its plan open');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
});

test('the presenter notes carry the scenario kit on the laptop, never on the audience window', async () => {
    const { page: laptop, problems } = await openPage(env, { path: '#/classroom' });
    await laptop.getByLabel('A learning path').check();
    await laptop.getByLabel('Learning path for the session').selectOption({ label: 'First hour' });
    await laptop.getByRole('button', { name: 'Start a class session' }).click();
    await laptop.getByRole('heading', { name: 'Students join here' }).waitFor();
    const kit = laptop.locator('.presenter-notes .trainer-kit');
    await kit.waitFor();
    const check = async (n) => {
        const s = scenario(FIRST_HOUR.steps[n]);
        const text = await kit.textContent();
        for (const part of [s.trainer.objective, s.trainer.discussion, s.trainer.debrief]) {
            assert.ok(text.includes(part), `step ${n + 1}'s kit in the notes: ${part}`);
        }
        for (const w of s.trainer.wrong_answers) {
            assert.ok(text.includes(w.answer) && text.includes(w.why) && text.includes(w.why_not), w.answer);
        }
        return s;
    };
    await check(0);
    await laptop.getByLabel('On the projector').selectOption({ index: 1 });
    const second = scenario(FIRST_HOUR.steps[1]);
    await laptop.locator('.presenter-notes .trainer-kit', { hasText: second.trainer.objective }).waitFor();
    await check(1);

    const [audience] = await Promise.all([
        env.context.waitForEvent('page'),
        laptop.getByRole('link', { name: 'Open the audience window' }).click(),
    ]);
    await audience.locator('.presenter').waitFor();
    await audience.locator('.presenter-head h2', { hasText: second.title }).waitFor();
    assert.equal(await audience.locator('.trainer-kit').count(), 0, 'no kit on the projector');
    const projected = await audience.locator('body').textContent();
    for (const part of [second.trainer.objective, second.trainer.debrief, ...second.trainer.wrong_answers.map((w) => w.why_not)]) {
        assert.ok(!projected.includes(part), `not on the projector: ${part}`);
    }
    await noAxeViolations(laptop, 'presenter notes with the kit');
    await laptop.locator('.presenter-notes').scrollIntoViewIfNeeded();
    await shot(laptop.locator('.presenter-notes'), 'trainer-kit-notes');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await audience.close();
    await laptop.close();
});

test('the worksheet has a topic-neutral title and its key says why not, with the evidence to attach', async () => {
    const pack = read('webhooks.json');
    // The app lists a pack easy → hard, keeping the file's order within a difficulty.
    const rank = (s) => ['easy', 'medium', 'hard'].indexOf(s.difficulty);
    const ordered = [...pack.scenarios].sort((a, b) => rank(a) - rank(b));
    const { page, problems } = await openPage(env, { path: '#/classroom/worksheet/webhooks' });
    await page.getByRole('heading', { name: 'Troubleshooting worksheet' }).waitFor();
    const head = await page.locator('.ws-head').textContent();
    assert.ok(!head.includes(pack.title) && !head.includes(pack.blurb), `the sheet's head names no topic: ${head}`);
    assert.ok(!/webhook/i.test(head), head);
    const sheet = await page.locator('.ws-item').allTextContents();
    for (const s of pack.scenarios) {
        assert.ok(!sheet.some((t) => t.includes(s.trainer.objective)), 'the kit is not on the students\' pages');
    }
    const key = page.locator('.answer-key');
    assert.match(await key.locator('h2').textContent(), new RegExp(`Answer key: ${pack.title}`));
    const whyNot = await key.locator('.why-not li').allTextContents();
    const expected = ordered.flatMap((s) => s.trainer.wrong_answers);
    assert.equal(whyNot.length, expected.length);
    expected.forEach((w, i) => {
        assert.ok(whyNot[i].startsWith(`Why not “${w.answer}”?`), whyNot[i]);
        assert.ok(whyNot[i].includes(w.why_not), whyNot[i]);
    });
    const attach = await key.locator('dt:text-is("Evidence to attach") + dd').allTextContents();
    assert.deepEqual(attach, ordered.map((s) => s.evidence_to_attach.join('; ')));
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(100);
    await key.scrollIntoViewIfNeeded();
    await shot(key.locator('li').first(), 'trainer-kit-worksheet-key-print');
    await page.screenshot({ path: screenshotPath('trainer-kit-worksheet-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
});
