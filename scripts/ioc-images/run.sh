#!/usr/bin/env bash
# Builds real Generic-IOC-like images with Debian's umoci and skopeo and checks
# that `pvi ioc generate --image` writes the same bytes as from folders.
#
# Image (umoci, OCI layout), bottom to top:
#   layer 1: every device file of fixtures/ioc/epics/pvi-defs (simDetector in an
#            older version), a stale device file, the support files stored under
#            /epics/ibek-support/<module>/ (not yet linked)
#   layer 2: simDetector overridden by its current version, the stale file
#            deleted (a whiteout), /epics/ibek-defs/*.ibek.support.yaml as
#            symlinks into /epics/ibek-support (as epics-containers images do)
# Then skopeo converts it to an OCI archive, a docker-archive (docker save
# tarball) and a zstd-compressed OCI layout. The instance and the config-folder
# override (ffmpegStream) stay local. Every variant must give the outputs of
# the plain folder run, byte for byte.
#
# Installs: umoci, skopeo (apt-get). Needs cargo. Takes about 1 minute after
# the release build. No network use beyond apt. Usage: scripts/ioc-images/run.sh
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
fixture="$repo/fixtures/ioc/epics"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

if ! command -v umoci >/dev/null || ! command -v skopeo >/dev/null; then
    echo "ioc-images: installing umoci and skopeo"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -qq >/dev/null
    timeout 600 apt-get install -y -qq umoci skopeo >/dev/null
fi

timeout 1800 cargo build --release -q -p pvi-cli
pvi="$CARGO_TARGET_DIR/release/pvi"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
export IOC_NAME=bl01t-ea-ioc-02
T() { timeout 120 "$@"; }

# --- reference: from folders ---
cp -r "$fixture" folders
T "$pvi" ioc generate --epics-root "$work/folders"

# --- image with umoci ---
T umoci init --layout oci
T umoci new --image oci:ioc
T umoci unpack --image oci:ioc bundle >/dev/null
root=bundle/rootfs
mkdir -p "$root/epics/pvi-defs"
cp "$fixture"/pvi-defs/*.pvi.device.yaml "$root/epics/pvi-defs/"
sed -i 's/^label: simDetector$/label: Old Sim Detector/' "$root/epics/pvi-defs/simDetector.pvi.device.yaml"
printf 'label: Stale\nchildren: []\n' >"$root/epics/pvi-defs/Stale.pvi.device.yaml"
for f in "$fixture"/ibek-defs/*.ibek.support.yaml; do
    m="$(basename "$f" .ibek.support.yaml)"
    mkdir -p "$root/epics/ibek-support/$m"
    cp "$f" "$root/epics/ibek-support/$m/"
done
T umoci repack --image oci:ioc bundle >/dev/null

cp "$fixture/pvi-defs/simDetector.pvi.device.yaml" "$root/epics/pvi-defs/"
rm "$root/epics/pvi-defs/Stale.pvi.device.yaml"
mkdir -p "$root/epics/ibek-defs"
for f in "$fixture"/ibek-defs/*.ibek.support.yaml; do
    m="$(basename "$f" .ibek.support.yaml)"
    ln -s "../ibek-support/$m/$m.ibek.support.yaml" "$root/epics/ibek-defs/$m.ibek.support.yaml"
done
T umoci repack --image oci:ioc bundle >/dev/null
T umoci gc --layout oci

# --- the same image in other containers ---
T skopeo copy -q oci:oci:ioc oci-archive:ioc-oci.tar:ioc
T skopeo copy -q oci:oci:ioc docker-archive:ioc-docker.tar:ioc:latest
T skopeo copy -q --dest-compress-format zstd oci:oci:ioc oci:oci-zstd:ioc

check() {
    local name="$1" image="$2"
    rm -rf "local-$name"
    mkdir -p "local-$name"
    cp -r "$fixture/ioc" "local-$name/ioc"
    T "$pvi" ioc generate --epics-root "$work/local-$name" --image "$image" --image-ref "${3:-ioc}"
    if diff -r folders/opi "local-$name/opi" >/dev/null && diff -r folders/runtime "local-$name/runtime" >/dev/null; then
        echo "ok: $name gives the same bytes as folders ($(find "local-$name/opi" "local-$name/runtime" -type f | wc -l) files)"
        pass=$((pass + 1))
    else
        echo "FAIL: $name differs from folders"
        diff -r folders/opi "local-$name/opi" | head -20 || true
        fail=$((fail + 1))
    fi
}
pass=0
fail=0
check oci-layout "$work/oci"
check oci-archive "$work/ioc-oci.tar"
check docker-archive "$work/ioc-docker.tar" "ioc:latest"
check oci-zstd "$work/oci-zstd"

# the whiteout and the layer override must show in the listing
ls_out="$(T "$pvi" image ls "$work/oci" --image-ref ioc)"
if grep -q "Stale" <<<"$ls_out" || ! grep -q "simDetector.pvi.device.yaml *label: simDetector" <<<"$ls_out" \
    || ! grep -q "motorSim.ibek.support.yaml" <<<"$ls_out"; then
    echo "FAIL: pvi image ls does not show the merged layers"
    echo "$ls_out"
    fail=$((fail + 1))
else
    echo "ok: pvi image ls shows the whiteout, the override and the symlinked support files"
    pass=$((pass + 1))
fi

echo "ioc-images: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
