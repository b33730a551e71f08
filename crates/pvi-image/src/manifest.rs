//! Finding an image's layers, in order: OCI `index.json` → manifest →
//! layers, or `docker save`'s `manifest.json`.

use crate::store::{member_name, Store};
use crate::ImageError;
use serde_json::Value;

/// The blob path of an OCI descriptor's digest (`blobs/<alg>/<hex>`).
fn blob_path(desc: &Value) -> Result<String, ImageError> {
    let digest = desc
        .get("digest")
        .and_then(Value::as_str)
        .ok_or_else(|| ImageError("a descriptor has no digest".into()))?;
    let (alg, hex) = digest
        .split_once(':')
        .ok_or_else(|| ImageError(format!("malformed digest '{digest}'")))?;
    if alg.contains('/') || hex.contains('/') || hex.contains("..") {
        return Err(ImageError(format!("malformed digest '{digest}'")));
    }
    Ok(format!("blobs/{alg}/{hex}"))
}

fn json(store: &Store, name: &str) -> Result<Value, ImageError> {
    let bytes = store.read(name)?;
    serde_json::from_slice(&bytes).map_err(|e| ImageError(format!("{name}: invalid JSON: {e}")))
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

/// The layer blob paths of the image in `store`, bottom layer first.
pub fn layers(store: &Store, reference: Option<&str>) -> Result<Vec<String>, ImageError> {
    if store.has("index.json") {
        let mut v = json(store, "index.json")?;
        for _ in 0..8 {
            let manifests = v
                .get("manifests")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let Some(desc) = pick(&manifests, reference) else {
                let what = reference.map_or("any manifest".to_string(), |r| {
                    format!("a manifest named '{r}'")
                });
                return Err(ImageError(format!("the image index has no {what}")));
            };
            let m = json(store, &blob_path(desc)?)?;
            if is_index(desc) || is_index(&m) || m.get("manifests").is_some() {
                v = m;
                continue;
            }
            let layers = m
                .get("layers")
                .and_then(Value::as_array)
                .ok_or_else(|| ImageError("the image manifest has no layers".into()))?;
            return layers.iter().map(blob_path).collect();
        }
        return Err(ImageError("image indexes nest too deeply".into()));
    }
    if store.has("manifest.json") {
        let v = json(store, "manifest.json")?;
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
        let layers = img
            .get("Layers")
            .and_then(Value::as_array)
            .ok_or_else(|| ImageError("manifest.json has no Layers".into()))?;
        return layers
            .iter()
            .map(|l| {
                l.as_str()
                    .map(member_name)
                    .ok_or_else(|| ImageError("a layer name is not a string".into()))
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
