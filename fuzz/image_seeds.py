"""Writes small image archives (seeds of the `image` fuzz target) into a folder.

OCI archive (plain, gzip and zstd layers; whiteouts; a symlink; sha256 and
sha512 digests), docker save tarball (a config with the layers' diff_ids), and
both compressed whole. Needs the `zstd` command.
"""

import gzip
import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path


def layer(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for kind, name, data in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                t.addfile(info)
            elif kind == "link":
                info.type = tarfile.SYMTYPE
                info.linkname = data
                t.addfile(info)
            else:
                b = data.encode()
                info.size = len(b)
                t.addfile(info, io.BytesIO(b))
    return buf.getvalue()


def _tar_raw(files, fmt=tarfile.USTAR_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zstd(b):
    return subprocess.run(["zstd", "-q", "-c", "-1"], input=b, capture_output=True, check=True).stdout


def gz(b):
    return gzip.compress(b, mtime=0)


SUPPORT = "module: m\nentity_models:\n  - name: e\n    description: d\n    parameters: {}\n    pvi:\n      yaml_path: A.pvi.device.yaml\n"

LAYERS = [
    gz(layer([
        ("dir", "epics/", None),
        ("dir", "epics/pvi-defs/", None),
        ("file", "epics/pvi-defs/A.pvi.device.yaml", "label: A\nchildren:\n  - type: SignalR\n    name: X\n    read_pv: X\n"),
        ("file", "epics/pvi-defs/Gone.pvi.device.yaml", "label: Gone\n"),
        ("file", "epics/support/m/m.ibek.support.yaml", SUPPORT),
        ("file", "epics/old/x.yaml", "old\n"),
    ])),
    zstd(layer([
        ("file", "epics/pvi-defs/.wh.Gone.pvi.device.yaml", ""),
        ("file", "epics/old/.wh..wh..opq", ""),
        ("dir", "epics/ibek-defs/", None),
        ("link", "epics/ibek-defs/m.ibek.support.yaml", "../support/m/m.ibek.support.yaml"),
    ])),
    layer([("file", "./epics/pvi-defs/A.pvi.device.yaml", "label: A2\n")]),
]


def digest(b, alg="sha256"):
    return alg + ":" + hashlib.new(alg, b).hexdigest()


def blob(d):
    return "blobs/" + d.replace(":", "/")


def oci(alg="sha256"):
    files = [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')]
    descs = []
    for lb in LAYERS:
        d = digest(lb, alg)
        descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d, "size": len(lb)})
        files.append((blob(d), lb))
    cfg = b"{}"
    files.append(("blobs/sha256/" + digest(cfg)[7:], cfg))
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(cfg), "size": 2},
        "layers": descs,
    }).encode()
    files.append(("blobs/sha256/" + digest(manifest)[7:], manifest))
    index = json.dumps({
        "schemaVersion": 2,
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": digest(manifest),
            "size": len(manifest),
            "platform": {"os": "linux", "architecture": "amd64"},
            "annotations": {"org.opencontainers.image.ref.name": "latest"},
        }],
    }).encode()
    files.append(("index.json", index))
    # sha512 blob names are too long for ustar: PAX headers
    return _tar_raw(files, tarfile.USTAR_FORMAT if alg == "sha256" else tarfile.PAX_FORMAT)


def plain(lb):
    if lb[:2] == b"\x1f\x8b":
        return gzip.decompress(lb)
    if lb[:4] == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-q", "-d", "-c"], input=lb, capture_output=True, check=True).stdout
    return lb


def docker():
    files = []
    names = []
    for i, lb in enumerate(LAYERS):
        n = f"{i:02d}/layer.tar"
        names.append(n)
        files.append((n, lb))
    # docker save names the config by its digest; layers are checked against
    # the digests of their uncompressed tars (rootfs.diff_ids)
    config = json.dumps({"rootfs": {"type": "layers", "diff_ids": [digest(plain(lb)) for lb in LAYERS]}}).encode()
    cname = digest(config)[7:] + ".json"
    files.append((cname, config))
    files.append(("manifest.json", json.dumps([{"Config": cname, "RepoTags": ["ioc:latest"], "Layers": names}]).encode()))
    return _tar_raw(files)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    o, d = oci(), docker()
    (out / "oci.tar").write_bytes(o)
    (out / "oci-sha512.tar").write_bytes(oci("sha512"))
    (out / "oci.tar.gz").write_bytes(gz(o))
    (out / "docker.tar").write_bytes(d)
    (out / "docker.tar.zst").write_bytes(zstd(d))


if __name__ == "__main__":
    main()
