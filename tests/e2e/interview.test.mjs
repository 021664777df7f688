// Interview practice (#/interview): write and check an answer by keyboard, see the checklist and
// the model answer, keep drafts across navigation and reloads, unreadable drafts kept aside,
// phone width, and axe in light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, openPage, shoot, withBrowser } from './harness.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const HALF = 'A 401 means the server does not know who you are because the token expired. '
    + 'For a 401 the fix is to get a new token.';

const env = withBrowser();

async function openInterview(options = {}) {
    const opened = await openPage(env, { path: '#/interview', ...options });
    await opened.page.getByRole('heading', { name: 'Interview practice' }).waitFor();
    return opened;
}

test('write an answer and check it by keyboard: score, checklist, misconceptions and model answer', async () => {
    const { page, problems } = await openInterview();
    await page.evaluate(() => localStorage.removeItem('faultline.interview.drafts'));
    const question = page.getByLabel('Question');
    await question.selectOption('401-vs-403');
    await question.focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'interview-answer');
    await page.keyboard.type(HALF);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    const status = page.getByRole('status').filter({ hasText: 'Score' });
    await status.waitFor();
    assert.equal((await status.textContent()).trim(), 'Score 50 out of 100: 2 of 4 key points.');
    const result = page.getByTestId('interview-result');
    assert.equal(await result.getByRole('heading', { name: 'Score: 50 / 100' }).count(), 1);
    const made = result.locator('.point.hit');
    const missed = result.locator('.point.missed');
    assert.equal(await made.count(), 2);
    assert.equal(await missed.count(), 2);
    // Every missed point links to the reference entry that explains it.
    const link = missed.first().getByRole('link');
    assert.match(await link.textContent(), /^Read: 403 Forbidden$/);
    assert.equal(await link.getAttribute('href'), '#/reference/status-403');
    await assert.doesNotReject(result.getByRole('heading', { name: 'Your answer' }).waitFor());
    assert.equal((await result.locator('.answer-compare section').first().locator('.answer-text').textContent()), HALF);
    assert.match(await result.locator('.answer-compare section').nth(1).textContent(), /^Model answer.*A 403 means the server knows who is calling/);

    // A misconception costs points and is named; Ctrl+Enter checks from the textarea.
    await page.getByRole('textbox', { name: 'Your answer' }).fill('A 401 means you do not have permission for that action.');
    await page.getByRole('textbox', { name: 'Your answer' }).press('Control+Enter');
    await page.getByRole('status').filter({ hasText: '1 misconception' }).waitFor();
    assert.match(await result.locator('.misconceptions').textContent(), /A 401 is not about permissions/);
    await shoot(page, 'interview');

    // The missed point's link opens the reference beside the result, which stays on screen.
    await page.getByRole('textbox', { name: 'Your answer' }).fill(HALF);
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await result.locator('.point.missed').first().getByRole('link').click();
    await page.getByRole('heading', { name: /403 Forbidden/ }).first().waitFor();
    assert.equal(await result.count(), 1);
    assertClean(problems);
    await page.close();
});

test('an empty answer is not graded, and says why', async () => {
    const { page, problems } = await openInterview();
    await page.getByLabel('Question').selectOption('idempotency');
    await page.getByRole('textbox', { name: 'Your answer' }).fill('');
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await page.getByRole('status').filter({ hasText: 'Write an answer first' }).waitFor();
    assert.equal(await page.getByTestId('interview-result').count(), 0);
    assertClean(problems);
    await page.close();
});

test('answers in progress survive navigation, another question and a reload', async () => {
    const { page, problems } = await openInterview();
    await page.getByLabel('Question').selectOption('debug-504');
    await page.getByRole('textbox', { name: 'Your answer' }).fill('A 504 means the gateway gave up waiting.');
    await page.getByLabel('Question').selectOption('webhook-vs-api');
    await page.getByRole('textbox', { name: 'Your answer' }).fill('With a webhook the other system calls you.');
    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Reference' }).click();
    await page.getByRole('heading', { name: 'Interview practice' }).waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Interview' }).click();
    assert.equal(await page.getByLabel('Question').inputValue(), 'webhook-vs-api');
    assert.equal(await page.getByRole('textbox', { name: 'Your answer' }).inputValue(), 'With a webhook the other system calls you.');
    await page.reload();
    await page.getByLabel('Question').selectOption('debug-504');
    assert.equal(await page.getByRole('textbox', { name: 'Your answer' }).inputValue(), 'A 504 means the gateway gave up waiting.');
    assert.match(await page.getByLabel('Question').locator('option[value="debug-504"]').textContent(), /\(draft\)$/);
    assertClean(problems);
    await page.close();
});

test('unreadable saved drafts are kept aside, never overwritten, and the learner is told', async () => {
    const { page, problems } = await openPage(env, { path: '#/' });
    await page.evaluate(() => localStorage.setItem('faultline.interview.drafts', '{"answers": oops'));
    await page.goto(`${env.url}#/interview`);
    const alert = page.getByRole('alert').filter({ hasText: 'could not be read' });
    await alert.waitFor();
    assert.match(await alert.textContent(), /kept aside untouched/);
    const aside = await page.evaluate(() => Object.keys(localStorage)
        .filter((k) => k.startsWith('faultline.aside.interview-drafts.'))
        .map((k) => localStorage.getItem(k)));
    assert.deepEqual(aside, ['{"answers": oops']);
    await page.getByRole('textbox', { name: 'Your answer' }).fill('New text.');
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('faultline.interview.drafts')));
    assert.ok(Object.values(saved.answers).includes('New text.'));
    assertClean(problems);
    await page.close();
});

test('at 360 px wide: nothing scrolls sideways, targets are large enough, the answers stack', async () => {
    const { page, problems } = await openInterview({ viewport: { width: 360, height: 780 } });
    await page.getByLabel('Question').selectOption('what-tls-protects');
    await page.getByRole('textbox', { name: 'Your answer' }).fill('TLS encrypts the traffic so nobody on the network can read the token.');
    await page.getByRole('button', { name: 'Check my answer' }).click();
    await page.getByTestId('interview-result').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width}px wide`);
    const button = await page.getByRole('button', { name: 'Check my answer' }).boundingBox();
    assert.ok(button.height >= 44, `button is ${button.height}px tall`);
    const [yours, model] = await page.locator('.answer-compare section').evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect().top));
    assert.ok(model > yours, 'model answer sits below the candidate answer on a phone');
    assertClean(problems);
    await page.close();
});

test('walk me through it: order the steps by keyboard, with feedback per misplaced step', async () => {
    const { page, problems } = await openInterview({ path: '#/interview/walk' });
    await page.getByLabel('Case').selectOption('partners-504');
    const rows = page.locator('.walk-steps > li');
    assert.equal(await rows.count(), 6);
    await page.getByRole('button', { name: 'Check the order' }).click();
    const status = page.locator('.walk-through [role=status]');
    await page.waitForFunction(() => document.querySelector('.walk-through [role=status]').textContent.includes('steps in order'));
    assert.match(await status.textContent(), /^\d of 6 steps in order; the others are marked below\.$/);
    const misplaced = page.locator('.walk-step.misplaced');
    assert.ok(await misplaced.count() > 0);
    assert.match(await misplaced.first().locator('.walk-feedback').textContent(), /Belongs (at step \d, after|first)/);
    await shoot(page, 'interview-walk');

    // Sort by keyboard only: focus follows the moved step, so Enter can be pressed again.
    const right = ['Scope it', 'Reproduce one failing call', 'Find it in the gateway logs',
        'Follow the request id', 'Compare the timeouts', 'Fix the slow dependency'];
    for (const [i, start] of right.entries()) {
        const texts = await rows.locator('.walk-text').allTextContents();
        const j = texts.findIndex((t) => t.replace(/^[✓✗] /, '').replace(/^(In order|Misplaced): /, '').startsWith(start));
        assert.ok(j >= i, `${start} found at ${j}`);
        if (j === i) continue;
        await rows.nth(j).getByRole('button', { name: /^Move up/ }).focus();
        for (let k = 0; k < j - i; k += 1) await page.keyboard.press('Enter');
        assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), new RegExp(`^Move (up|down): ${start}`));
    }
    await page.getByRole('button', { name: 'Check the order' }).click();
    await page.waitForFunction(() => document.querySelector('.walk-through [role=status]').textContent.startsWith('All'));
    assert.equal((await status.textContent()).trim(), 'All 6 steps are in order.');
    assert.equal(await page.locator('.walk-step.in-order').count(), 6);
    assertClean(problems);
    await page.close();
});

for (const scheme of ['light', 'dark']) {
    test(`interview page with a result (${scheme}) has no axe violations`, async () => {
        const { page } = await openInterview();
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await page.getByLabel('Question').selectOption('401-vs-403');
        await page.getByRole('textbox', { name: 'Your answer' }).fill(`${HALF} A 401 means you lack permission.`);
        await page.getByRole('button', { name: 'Check my answer' }).click();
        await page.getByTestId('interview-result').waitFor();
        await page.evaluate(AXE);
        const violations = await page.evaluate(async () => {
            const result = await window.axe.run(document, { resultTypes: ['violations'] });
            return result.violations.map((v) => ({
                id: v.id,
                help: v.help,
                targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
            }));
        });
        assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
        await page.close();
    });
}
