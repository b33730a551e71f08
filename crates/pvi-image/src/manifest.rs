//! Finding an image's layers, in order: OCI `index.json` → manifest →
//! layers, or `docker save`'s `manifest.json` → config → layers. Every
//! name is checked (relative, no `..`) and every blob read here is checked
//! against its digest and size.

use crate::digest::{Digest, Verify};
use crate::names::{quote, relative};
use crate::store::Store;
use crate::ImageError;
use serde_json::Value;

/// A layer to apply: where it is and what it must hash to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerRef {
    /// Its member name in the container (`blobs/sha256/…`, `…/layer.tar`).
    pub name: String,
    /// How messages name it: the digest (OCI) or the member name (docker).
    pub label: String,
    /// Digest and size of the blob as stored (OCI descriptors).
    pub digest: Option<Digest>,
    /// The descriptor's size.
    pub size: Option<u64>,
    /// Digest of the uncompressed tar (docker: the config's `rootfs.diff_ids`).
    pub diff_id: Option<Digest>,
}

/// A descriptor's digest, size and blob name.
fn descriptor(desc: &Value, what: &str) -> Result<(Digest, Option<u64>, String), ImageError> {
    let text = desc
        .get("digest")
        .and_then(Value::as_str)
        .ok_or_else(|| ImageError(format!("{what}: a descriptor has no digest")))?;
    let d = Digest::parse(text).map_err(|e| ImageError(format!("{what}: {e}")))?;
    let size =
        match desc.get("size") {
            None => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                ImageError(format!("{what}: the size of {d} is not a byte count"))
            })?),
        };
    let path = d.blob_path();
    Ok((d, size, path))
}

/// Reads a JSON member, checking it against `digest` and `size`.
fn json(
    store: &Store,
    name: &str,
    digest: Option<&Digest>,
    size: Option<u64>,
) -> Result<Value, ImageError> {
    let bytes = store.read_small(name)?;
    let shown = quote(name.as_bytes());
    Verify::new(&bytes[..], digest, size)
        .finish()
        .map_err(|e| ImageError(format!("{shown}: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| ImageError(format!("{shown}: invalid JSON: {e}")))
}

/// A checked relative member name from a manifest.
fn member(v: &Value, what: &str) -> Result<String, ImageError> {
    let s = v
        .as_str()
        .ok_or_else(|| ImageError(format!("manifest.json: the {what} name is not a string")))?;
    relative(s.as_bytes(), &format!("manifest.json: {what}")).map_err(ImageError)
}

/// The digest a `docker save` member name states: `<hex>.json` (a config
/// named by its image id) or `blobs/sha256/<hex>`.
fn named_digest(name: &str) -> Option<Digest> {
    let hex = name
        .strip_suffix(".json")
        .filter(|h| !h.contains('/'))
        .or_else(|| name.strip_prefix("blobs/sha256/"))?;
    Digest::parse(&format!("sha256:{hex}")).ok()
}

fn media_type(v: &Value) -> &str {
    v.get("mediaType").and_then(Value::as_str).unwrap_or("")
}

fn is_index(v: &Value) -> bool {
    media_type(v).ends_with("image.index.v1+json")
        || media_type(v).ends_with("manifest.list.v2+json")
}

/// Whether an image name or tag `name` (as stored) answers to `reference`
/// (as the user wrote it): equal, equal after Docker's normalisation
/// (`docker.io/library/`, `:latest`), or the tag alone (`:tag` / `tag`).
pub fn ref_matches(name: &str, reference: &str) -> bool {
    fn norm(s: &str) -> String {
        let s = s.strip_prefix("docker.io/").unwrap_or(s);
        let s = s.strip_prefix("library/").unwrap_or(s);
        let last = s.rsplit('/').next().unwrap_or(s);
        if last.contains(':') || last.contains('@') {
            s.to_string()
        } else {
            format!("{s}:latest")
        }
    }
    name == reference
        || norm(name) == norm(reference)
        || name
            .rsplit_once(':')
            .is_some_and(|(_, tag)| tag == reference)
        || reference
            .rsplit_once(':')
            .is_some_and(|(_, tag)| tag == name)
}

/// Picks a manifest from an index: the one named `reference`, else one for
/// linux/amd64, else the first.
fn pick<'a>(manifests: &'a [Value], reference: Option<&str>) -> Option<&'a Value> {
    let name = |m: &Value| {
        m.pointer("/annotations/org.opencontainers.image.ref.name")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    if let Some(r) = reference {
        return manifests
            .iter()
            .find(|m| name(m).is_some_and(|n| n == r || r.ends_with(&format!(":{n}"))));
    }
    manifests
        .iter()
        .find(|m| {
            m.pointer("/platform/os").and_then(Value::as_str) == Some("linux")
                && m.pointer("/platform/architecture").and_then(Value::as_str) == Some("amd64")
        })
        .or_else(|| manifests.first())
}

/// The layers of the image in `store`, bottom layer first.
pub fn layers(store: &Store, reference: Option<&str>) -> Result<Vec<LayerRef>, ImageError> {
    if store.has("index.json") {
        let mut v = json(store, "index.json", None, None)?;
        let mut what = "index.json".to_string();
        for _ in 0..8 {
            let manifests = v
                .get("manifests")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let Some(desc) = pick(&manifests, reference) else {
                let which = reference.map_or("any manifest".to_string(), |r| {
                    format!("a manifest named '{r}'")
                });
                return Err(ImageError(format!("the image index has no {which}")));
            };
            let (d, size, path) = descriptor(desc, &what)?;
            let m = json(store, &path, Some(&d), size)?;
            what = format!("manifest {d}");
            if is_index(desc) || is_index(&m) || m.get("manifests").is_some() {
                v = m;
                continue;
            }
            if let Some(config) = m.get("config") {
                let (cd, csize, cpath) = descriptor(config, &what)?;
                json(store, &cpath, Some(&cd), csize)?;
            }
            let layers = m
                .get("layers")
                .and_then(Value::as_array)
                .ok_or_else(|| ImageError(format!("{what} has no layers")))?;
            return layers
                .iter()
                .map(|l| {
                    let (d, size, name) = descriptor(l, &what)?;
                    Ok(LayerRef {
                        name,
                        label: format!("layer {d}"),
                        digest: Some(d),
                        size,
                        diff_id: None,
                    })
                })
                .collect();
        }
        return Err(ImageError("image indexes nest too deeply".into()));
    }
    if store.has("manifest.json") {
        let v = json(store, "manifest.json", None, None)?;
        let images = v.as_array().cloned().unwrap_or_default();
        let chosen = match reference {
            Some(r) => images.iter().find(|i| {
                i.get("RepoTags")
                    .and_then(Value::as_array)
                    .is_some_and(|t| {
                        t.iter()
                            .any(|t| t.as_str().is_some_and(|t| ref_matches(t, r)))
                    })
            }),
            None => images.first(),
        };
        let img =
            chosen.ok_or_else(|| ImageError("manifest.json lists no matching image".into()))?;
        let config_name = member(
            img.get("Config")
                .ok_or_else(|| ImageError("manifest.json has no Config".into()))?,
            "Config",
        )?;
        let config = json(
            store,
            &config_name,
            named_digest(&config_name).as_ref(),
            None,
        )?;
        let diff_ids: Vec<Digest> = config
            .pointer("/rootfs/diff_ids")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                ImageError(format!(
                    "{}: no rootfs.diff_ids (the layers' digests)",
                    quote(config_name.as_bytes())
                ))
            })?
            .iter()
            .map(|d| {
                d.as_str()
                    .ok_or_else(|| "a diff_id is not a string".to_string())
                    .and_then(Digest::parse)
                    .map_err(|e| ImageError(format!("{}: {e}", quote(config_name.as_bytes()))))
            })
            .collect::<Result<_, _>>()?;
        let names = img
            .get("Layers")
            .and_then(Value::as_array)
            .ok_or_else(|| ImageError("manifest.json has no Layers".into()))?;
        if names.len() != diff_ids.len() {
            return Err(ImageError(format!(
                "manifest.json lists {} layers, its config {} has {} diff_ids",
                names.len(),
                quote(config_name.as_bytes()),
                diff_ids.len()
            )));
        }
        return names
            .iter()
            .zip(diff_ids)
            .map(|(l, diff_id)| {
                let name = member(l, "layer")?;
                Ok(LayerRef {
                    label: format!("layer {}", quote(name.as_bytes())),
                    name,
                    digest: None,
                    size: None,
                    diff_id: Some(diff_id),
                })
            })
            .collect();
    }
    Err(ImageError(
        "not an image: no index.json (OCI) or manifest.json (docker save) found".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::ref_matches;

    #[test]
    fn references() {
        assert!(ref_matches("docker.io/library/ioc:latest", "ioc:latest"));
        assert!(ref_matches("docker.io/library/ioc:latest", "ioc"));
        assert!(ref_matches("ioc", "ioc"));
        assert!(ref_matches("latest", "ghcr.io/x/ioc:latest"));
        assert!(!ref_matches("docker.io/library/ioc:1", "other:2"));
    }
}
