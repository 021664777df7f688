//! Prints the start page's first screen as HTML (`shell::start_shell`): scripts/post-build.mjs
//! writes it into index.html at build time. A native binary: `--features prerender`.
fn main() {
    print!("{}", faultline::shell::start_shell::render());
}
