// Warms the browser's fonts for the puzzle pages while the learner is still reading.
//
// The first layout of a page that uses a font face and size for the first time costs several
// times a later one: the browser looks each face up and sets it up on first use (at 4× CPU
// throttling, the first Investigate page's layout took 53–77 ms against 13 ms when opened again,
// most of it for the 17 face/size pairs it uses). boot.js loads this module once the full app
// runs; it lays out one unseen line per pair, one pair per idle moment, so no task of its own is
// long and the puzzle's first layout finds every face ready. Nothing depends on it.
//
// SPECIMENS lists every [family, size, weight] the Investigate page shows, in the stylesheets' own
// units (tests/e2e/fonts.test.mjs fails when the page uses one that is missing here).
export const SPECIMENS = [
    ['mono', '0.86rem', 400],
    ['mono', '1.05rem', 700],
    ['mono', '1.05rem', 900],
    ['sans', '0.8rem', 400],
    ['sans', '0.82rem', 400],
    ['sans', '0.85rem', 400],
    ['sans', '0.85rem', 600],
    ['sans', '0.875rem', 600],
    ['sans', '0.9rem', 400],
    ['sans', '0.9rem', 600],
    ['sans', '1rem', 400],
    ['sans', '1rem', 600],
    ['sans', '1rem', 700],
    ['sans', '1rem', 900],
    ['sans', '1.1rem', 650],
    ['sans', '1.1rem', 700],
    ['sans', '1.4rem', 700],
];

// What the pages print: ASCII, and the few other characters their text and tools use (each may
// need a fallback face, which is looked up on first use too).
const SAMPLE = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ¶·…›→⚡✓✗';

const idle = (work) => ('requestIdleCallback' in window ? requestIdleCallback(work, { timeout: 1000 }) : setTimeout(work, 50));

/** Lays out the specimens one per idle moment; reports in window.faultlineFonts. */
export function warmFonts() {
    if (window.faultlineFonts) return;
    window.faultlineFonts = { warmed: 0 };
    // Out of sight and out of the accessibility tree; `contain: strict` keeps each layout to this box.
    const box = document.createElement('div');
    // Out of reach of keyboard, pointer and screen reader alike (and so of a page the panic panel
    // covers, which makes everything in <body> inert).
    box.setAttribute('aria-hidden', 'true');
    box.inert = true;
    box.style.cssText = 'position:fixed;left:-10000px;top:0;width:40rem;height:4rem;overflow:hidden;contain:strict;pointer-events:none';
    document.body.append(box);
    let next = 0;
    const step = () => {
        if (next === SPECIMENS.length) {
            box.remove();
            window.faultlineFonts = { warmed: next, done: true };
            return;
        }
        const [family, size, weight] = SPECIMENS[next];
        const line = document.createElement('span');
        line.style.font = `${weight} ${size} var(--${family})`;
        line.textContent = SAMPLE;
        box.replaceChildren(line);
        void line.offsetWidth; // lays the line out now, in this idle moment
        next += 1;
        window.faultlineFonts = { warmed: next };
        idle(step);
    };
    idle(step);
}
