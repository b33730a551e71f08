# Sourced by web/build.sh and scripts/web-test/run.sh: picks how to compile for
# wasm32 and provides wasm-bindgen. Needs ROOT (the repository).
#
# Route, picked automatically (PVI_WASM_ROUTE=rustup|debian forces one):
#   rustup - rustup's wasm32-unknown-unknown target is installed;
#   debian - otherwise (machines that reach only package registries):
#            Debian's rustc-web + rust-web-src build std from source with
#            -Zbuild-std (RUSTC_BOOTSTRAP=1 lets the stable compiler take -Z);
#            lld-22's wasm-ld links. Installed with apt-get when missing.
# Sets: cargo_wasm (array), extra (array of cargo flags), TARGET_DIR, TOOLS,
# WB_VERSION; ensure_wasm_bindgen sets WASM_BINDGEN and WASM_BINDGEN_TEST_RUNNER.

TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
TOOLS=${PVI_TOOLS:-$ROOT/.tools}
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")
log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }

apt_install() {
  local need=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  [ ${#need[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${need[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

route=${PVI_WASM_ROUTE:-}
if [ -z "$route" ]; then
  if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    route=rustup
  else
    route=debian
  fi
fi
log "route: $route; wasm-bindgen $WB_VERSION"

cargo_wasm=(cargo)
extra=()
if [ "$route" = debian ]; then
  apt_install rustc-web cargo-web rust-web-src lld-22
  export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-wasm-ld-22}
  cargo_wasm=(/usr/bin/cargo)
  extra=(-Zbuild-std=std,panic_abort)
  # keep the two compilers' artifacts apart
  TARGET_DIR=$TARGET_DIR/debian-wasm
fi

# wasm-bindgen-cli at the exact version of the wasm-bindgen crate (its JS glue
# and the wasm must match); installed once into $TOOLS.
ensure_wasm_bindgen() {
  WASM_BINDGEN=""
  local cand
  for cand in "$TOOLS/bin/wasm-bindgen" "$(command -v wasm-bindgen || true)"; do
    if [ -n "$cand" ] && [ -x "$cand" ] && "$cand" --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
      WASM_BINDGEN=$cand; break
    fi
  done
  if [ -z "$WASM_BINDGEN" ]; then
    log "installing wasm-bindgen-cli $WB_VERSION into $TOOLS (a few minutes, once)"
    # no --locked: its lockfile pins crates the registry mirror may not have
    cargo install -q --root "$TOOLS" wasm-bindgen-cli --version "=$WB_VERSION"
    WASM_BINDGEN=$TOOLS/bin/wasm-bindgen
  fi
  WASM_BINDGEN_TEST_RUNNER=$(dirname "$WASM_BINDGEN")/wasm-bindgen-test-runner
}
