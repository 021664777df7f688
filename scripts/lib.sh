# Shared set-up for scripts/serve and scripts/test: installs only what is missing, so both are
# idempotent and quick on a machine that already has everything. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The binaries are pinned in Trunk.toml; never let trunk look for newer ones online.
export TRUNK_SKIP_VERSION_CHECK=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen version the app links against; the CLI must match it exactly.
locked_wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "Adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_trunk() {
    if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
        say "Installing trunk $TRUNK_VERSION (takes a few minutes, once)"
        cargo install --locked trunk --version "$TRUNK_VERSION"
    fi
}

ensure_wasm_bindgen_cli() {
    local want
    want="$(locked_wasm_bindgen_version)"
    if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
        say "Installing wasm-bindgen-cli $want (matches Cargo.lock)"
        # --locked fails on this registry mirror, so a plain install it is.
        cargo install wasm-bindgen-cli --version "$want" --force
    fi
    if [ "$(wasm-bindgen --version)" != "wasm-bindgen $want" ]; then
        echo "wasm-bindgen CLI is '$(wasm-bindgen --version)' but Cargo.lock has $want" >&2
        exit 1
    fi
    if ! grep -q "wasm_bindgen = \"$want\"" "$ROOT/Trunk.toml"; then
        echo "Trunk.toml [tools] wasm_bindgen does not match Cargo.lock ($want)" >&2
        exit 1
    fi
}

ensure_node_packages() {
    # Reinstall when the lockfile changed since the last install.
    if [ ! -f "$ROOT/node_modules/.package-lock.json" ] ||
        [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
        say "Installing node packages from package-lock.json"
        (cd "$ROOT" && npm ci --no-audit --no-fund)
    fi
    if [ "$(wasm-opt --version 2>/dev/null)" != "wasm-opt version 132 (version_132)" ]; then
        echo "wasm-opt from node_modules is not version 132: $(wasm-opt --version 2>&1)" >&2
        exit 1
    fi
}

# Installs Debian packages by name when the given command is missing.
ensure_apt() {
    local command="$1"
    shift
    if ! command -v "$command" >/dev/null 2>&1; then
        say "Installing Debian packages: $*"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
    fi
}

ensure_chromium() {
    ensure_apt chromium chromium chromium-driver
    ensure_apt chromedriver chromium-driver
    export CHROMEDRIVER=/usr/bin/chromedriver
}

ensure_build_tools() {
    ensure_wasm_target
    ensure_apt rsvg-convert librsvg2-bin # renders the PWA icons in scripts/post-build.mjs
    ensure_node_packages
    ensure_trunk
    ensure_wasm_bindgen_cli
}

build_release() {
    say "Building the release app into dist/"
    (cd "$ROOT" && trunk build --release "$@")
}
