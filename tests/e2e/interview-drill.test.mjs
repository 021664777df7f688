// Recognise it fast (#/interview/drill) and the mock interview (#/interview/mock): answering by
// keyboard, missed cards coming back (in the round, after a reload, after an import), the timed
// mock with its summary, phone width, and axe in light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertClean, openPage, shoot, storedProgress, withBrowser } from './harness.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
// No card points to the realtime service: picking it is always wrong.
const NEVER_RIGHT = 'Realtime (WebSocket) service';

const env = withBrowser({}, { clearStorageEachTest: true });


async function openDrill(options = {}) {
    const opened = await openPage(env, { path: '#/interview/drill', ...options });
    await opened.page.getByRole('heading', { name: 'Recognise it fast' }).waitFor();
    return opened;
}

/** Answers the card on screen by keyboard: focus a group's first radio, arrow to the choice. */
async function pickByKeyboard(page, group, label) {
    const fieldset = page.getByRole('group', { name: group });
    const labels = await fieldset.locator('label').allTextContents();
    const index = labels.findIndex((t) => t.startsWith(label));
    assert.ok(index >= 0, `${label} is offered in “${group}”: ${labels.join(' | ')}`);
    await fieldset.getByRole('radio').first().focus();
    // Focusing a radio group by keyboard checks nothing; each arrow press moves and checks.
    await page.keyboard.press('Space');
    for (let i = 0; i < index; i += 1) await page.keyboard.press('ArrowDown');
    assert.equal(await fieldset.getByRole('radio').nth(index).isChecked(), true);
}

test('drill by keyboard: a missed card is said, comes back at the end of the round and after a reload', async () => {
    const { page, problems } = await openDrill();
    assert.equal(await page.title(), 'Recognise it fast · Interview — Faultline');
    await page.getByText('This round: 0 due again, 10 new.').waitFor();
    await page.getByText('Card 1 of 10').waitFor();
    const artefact = await page.locator('#drill-artefact').textContent();

    // Checking with nothing picked says what is missing.
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Pick the layer it points to.').waitFor();

    await pickByKeyboard(page, 'Which layer does it point to?', NEVER_RIGHT);
    const meanings = await page.getByRole('group', { name: 'What does it mean?' }).locator('label').allTextContents();
    assert.equal(meanings.length, 4, 'four meanings');
    await pickByKeyboard(page, 'What does it mean?', meanings[0]);
    await page.keyboard.press('Enter');
    const verdict = page.locator('.drill-verdict');
    await verdict.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('drill-verdict')), true, 'the verdict takes focus');
    assert.match(await verdict.textContent(), /(Half right: the meaning, not the layer\.|Not this time\.)It points to: /);
    assert.ok(await page.locator('.drill-choice.right').count() >= 2, 'the right layer and meaning are marked');
    assert.match(await verdict.getByRole('link').textContent(), /^Read: /);
    await shoot(page, 'interview-drill-verdict');

    // The first answer is saved with the progress.
    const card = Object.entries((await storedProgress(page)).drill.cards);
    assert.equal(card.length, 1);
    assert.deepEqual([card[0][1].level, card[0][1].seen, card[0][1].missed], [1, 1, 1]);

    // Next: focus goes to the new artefact; the missed card comes back after the ten.
    await page.getByRole('button', { name: 'Next card' }).click();
    await page.getByText('Card 2 of 10').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'drill-artefact');
    const missed = [artefact];
    for (let i = 2; i <= 10; i += 1) {
        await page.getByText(`Card ${i} of 10`).waitFor();
        const shown = await page.locator('#drill-artefact').textContent();
        await page.getByRole('group', { name: 'Which layer does it point to?' }).getByRole('radio').first().check();
        await page.getByRole('group', { name: 'What does it mean?' }).getByRole('radio').first().check();
        await page.getByRole('button', { name: 'Check' }).click();
        await page.locator('.drill-verdict').waitFor();
        if (await page.locator('.drill-verdict.right').count() === 0) missed.push(shown);
        await page.getByRole('button', { name: /^(Next card|Finish the round)$/ }).click();
    }
    await page.getByText('Second try').waitFor();
    assert.equal(await page.locator('#drill-artefact').textContent(), artefact, 'the first missed card comes back first');
    const seen = (await storedProgress(page)).drill.cards;
    assert.equal(Object.keys(seen).length, 10, 'each first answer is saved once');
    assert.equal(Object.values(seen).filter((c) => c.missed === 1).length, missed.length);

    // A reload starts a new round with the missed cards first.
    await page.reload();
    await page.getByRole('heading', { name: 'Recognise it fast' }).waitFor();
    await page.getByText(`This round: ${missed.length} due again, ${10 - missed.length} new.`).waitFor();
    assert.ok(missed.includes(await page.locator('#drill-artefact').textContent()), 'a missed card first');
    assertClean(problems);
    await page.close();
});

test('the drill state survives export and import: an imported due card is asked first', async () => {
    const { page, problems } = await openPage(env, { path: '#/progress' });
    await page.getByRole('heading', { name: 'Progress' }).waitFor();
    const file = JSON.stringify({
        schema_version: 2, results: {}, topics: {}, streak: { current: 0, best: 0, last_day: null },
        explain: { '401-vs-403': 80 },
        drill: { cards: { 'curl-6': { level: 1, due: 0, seen: 3, missed: 2 } } },
    });
    await page.getByLabel('Import progress file (merge)').setInputFiles({ name: 'drill.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.locator('.message').getByText(/Merged/).waitFor();
    const saved = await storedProgress(page);
    assert.equal(saved.drill.cards['curl-6'].missed, 2, 'the import keeps the drill state');
    assert.equal(saved.explain['401-vs-403'], 80);
    // Export writes what is stored, drill included.
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /^Export/ }).first().click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(exported.drill.cards['curl-6'], { level: 1, due: 0, seen: 3, missed: 2 });

    await page.goto(`${env.url}#/interview/drill`);
    await page.getByText('This round: 1 due again, 9 new.').waitFor();
    assert.match(await page.locator('#drill-artefact').textContent(), /curl: \(6\) Could not resolve host: api\.example\.com/);
    assertClean(problems);
    await page.close();
});

test('a mock interview: five timed questions of three kinds, then a summary with what to review', async () => {
    const { page, problems } = await openPage(env, { path: '#/interview/mock' });
    await page.getByRole('button', { name: 'Start a mock interview' }).click();
    const kinds = new Set();
    for (let i = 1; i <= 5; i += 1) {
        const head = page.locator('.mock-head');
        await head.getByText(new RegExp(`^Question ${i} of 5 · `)).waitFor();
        assert.equal(await page.evaluate(() => document.activeElement.id), 'mock-question', 'focus on the question');
        const kind = (await head.locator('p').first().textContent()).split(' · ')[1];
        kinds.add(kind);
        assert.match(await page.getByRole('timer').textContent(), /^\d:\d\d left$/);
        if (kind === 'Explain it') {
            await page.getByRole('textbox', { name: 'Your answer' }).fill('It depends on the logs.');
            await page.getByRole('button', { name: 'Submit answer' }).click();
        } else if (kind === 'Walk me through it') {
            assert.equal(await page.locator('.walk-feedback').count(), 0, 'no feedback before the end');
            await page.getByRole('button', { name: 'Submit this order' }).click();
        } else {
            await page.getByRole('group', { name: 'Which layer does it point to?' }).getByRole('radio').first().check();
            await page.getByRole('group', { name: 'What does it mean?' }).getByRole('radio').first().check();
            await page.getByRole('button', { name: 'Check' }).click();
        }
    }
    assert.deepEqual([...kinds].sort(), ['Explain it', 'Recognise it', 'Walk me through it']);
    const summary = page.getByRole('heading', { name: /^Mock interview done: \d+ out of 100$/ });
    await summary.waitFor();
    assert.equal(await page.locator('.mock-results tbody tr').count(), 5);
    // A vague answer and a starting order leave plenty to review, each with a reference link.
    assert.ok(await page.locator('.mock-review > li').count() > 0);
    assert.match(await page.locator('.mock-review > li a').first().textContent(), /^Read: /);
    await shoot(page, 'interview-mock-summary');
    assert.ok(Object.keys((await storedProgress(page)).explain).length >= 1, 'explain scores are saved');
    assertClean(problems);
    await page.close();
});

test('at 360 px wide the drill and the mock fit, with large targets', async () => {
    const { page, problems } = await openDrill({ viewport: { width: 360, height: 780 } });
    await page.getByRole('group', { name: 'Which layer does it point to?' }).getByRole('radio').first().check();
    await page.getByRole('group', { name: 'What does it mean?' }).getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Check' }).click();
    await page.locator('.drill-verdict').waitFor();
    let width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `drill is ${width}px wide`);
    const choice = await page.locator('.drill-choice').first().boundingBox();
    assert.ok(choice.height >= 44, `a choice is ${choice.height}px tall`);
    await page.goto(`${env.url}#/interview/mock`);
    await page.getByRole('button', { name: 'Start a mock interview' }).click();
    await page.getByRole('timer').waitFor();
    width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `mock is ${width}px wide`);
    assertClean(problems);
    await page.close();
});

for (const scheme of ['light', 'dark']) {
    test(`drill verdict and mock question (${scheme}) have no axe violations`, async () => {
        const { page } = await openDrill();
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await page.getByRole('group', { name: 'Which layer does it point to?' }).getByRole('radio').first().check();
        await page.getByRole('group', { name: 'What does it mean?' }).getByRole('radio').first().check();
        await page.getByRole('button', { name: 'Check' }).click();
        await page.locator('.drill-verdict').waitFor();
        const axe = async () => {
            await page.evaluate(AXE);
            return page.evaluate(async () => {
                const result = await window.axe.run(document, { resultTypes: ['violations'] });
                return result.violations.map((v) => ({ id: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
            });
        };
        assert.deepEqual(await axe(), []);
        await page.goto(`${env.url}#/interview/mock`);
        await page.getByRole('button', { name: 'Start a mock interview' }).click();
        await page.getByRole('timer').waitFor();
        assert.deepEqual(await axe(), []);
        await page.close();
    });
}
