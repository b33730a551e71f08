# Shared by the Python checks (sourced): find an interpreter by version, and
# make sure dist/ holds this tree's wheels.

# python_for 3.13 -> path of a python3.13 (PATH, then pyenv), or nothing
python_for() {
    local v="$1" p root="${PYENV_ROOT:-$HOME/.pyenv}"
    # pyenv's own interpreters first: its shims on PATH may refuse to run
    p="$(ls -d "$root"/versions/"$v".*/bin/python3 2>/dev/null | sort -V | tail -1 || true)"
    if [ -z "$p" ]; then
        p="$(command -v "python$v" || true)"
        [ -n "$p" ] && ! "$p" -c pass 2>/dev/null && p=""
    fi
    printf '%s' "$p"
}

# ensure_wheels REPO: builds dist/ with scripts/release/build.sh unless the
# wheels there are newer than every source file
ensure_wheels() {
    local repo="$1"
    local whl
    whl="$(ls "$repo"/dist/pvi_rs-*manylinux2014*.whl 2>/dev/null | head -1 || true)"
    if [ -n "$whl" ] && [ -z "$(find "$repo/crates" "$repo/formats" "$repo/Cargo.toml" -newer "$whl" \
        -not -path '*/__pycache__*' -not -path '*/wheel-data/*' -print -quit)" ]; then
        return 0
    fi
    rm -f "$repo"/dist/pvi_rs-*.whl "$repo"/dist/pvi-0.14.4+rs*.whl
    bash "$repo/scripts/release/build.sh"
}
