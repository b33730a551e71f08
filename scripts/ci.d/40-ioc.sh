#!/usr/bin/env bash
# IOC instances: real images built with umoci/skopeo give the same bytes as folders,
# and the fixture IOC matches ibek 4.8.2 + pvi 0.14.4 byte for byte.
set -euo pipefail
here=$(dirname "$0")/..
CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target} bash "$here/ioc-images.sh"
CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target} bash "$here/ioc-ibek-diff.sh"
