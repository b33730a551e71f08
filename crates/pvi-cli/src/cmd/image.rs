//! `pvi image ls PATH`: the device and support files found in an image.

use crate::report::{CmdResult, Failure};
use clap::{Args, Subcommand};
use pvi_core::ioc::support::parse_support;
use pvi_core::parse::{parse_device, parse_yaml};
use pvi_core::world::{join, World};
use pvi_core::Sources;
use pvi_image::names::escape_controls;
use pvi_image::{default_keep, Image, Limits};
use std::collections::BTreeMap;
use std::path::Path;

/// The bounds an image is read under (docs/security.md), shared by every
/// command that reads one.
#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Most bytes decompression may produce (gzip/zstd layers and archive).
    #[arg(long, value_name = "SIZE", default_value = "2GiB", value_parser = parse_size)]
    pub image_max_bytes: u64,
    /// Largest file of the image whose content is kept.
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    pub image_max_file: u64,
    /// Most bytes of file content and names kept in memory.
    #[arg(long, value_name = "SIZE", default_value = "128MiB", value_parser = parse_size)]
    pub image_max_kept: u64,
    /// Most bytes handed out by reads of the image's files (every read counts).
    #[arg(long, value_name = "SIZE", default_value = "128MiB", value_parser = parse_size)]
    pub image_max_read: u64,
    /// Most entries in all layers and in the archive.
    #[arg(long, value_name = "N", default_value_t = 500_000)]
    pub image_max_entries: u64,
}

impl LimitArgs {
    /// The limits these flags give.
    pub fn limits(&self) -> Limits {
        Limits {
            max_expanded: self.image_max_bytes,
            max_file: self.image_max_file,
            max_kept: self.image_max_kept,
            max_read: self.image_max_read,
            max_entries: self.image_max_entries,
            ..Limits::default()
        }
    }

    /// Opens the image at `path` under these limits; the error names the path.
    pub fn open(&self, path: &str, reference: Option<&str>) -> Result<Image, Failure> {
        Image::open_with(Path::new(path), reference, &default_keep, &self.limits())
            .map_err(|e| Failure::msg(format!("{path}: {e}")))
    }
}

/// A byte count: digits with an optional unit `K`/`KiB`, `M`/`MiB`,
/// `G`/`GiB`, `T`/`TiB` (powers of 1024) or `B`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(digits);
    let n: u64 = n
        .parse()
        .map_err(|_| format!("'{text}' is not a size (e.g. 512MiB, 2GiB, 1000000)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        "t" | "tib" => 40,
        _ => return Err(format!("'{text}': unknown unit (use KiB, MiB, GiB or TiB)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("'{text}' is too large"))
}

/// Container images of Generic IOCs: list their device and support files.
#[derive(Debug, Args)]
pub struct ImageArgs {
    /// What to do with the image.
    #[command(subcommand)]
    pub command: ImageCommand,
}

/// The `pvi image` subcommands (help texts: the doc comments of their Args).
#[derive(Debug, Subcommand)]
// each variant's help is the doc comment of its Args type
#[allow(missing_docs)]
pub enum ImageCommand {
    Ls(LsArgs),
}

/// List the device files (pvi-defs) and support files (ibek-defs) of an
/// image: OCI layout folder, OCI archive or docker save tarball.
#[derive(Debug, Args)]
pub struct LsArgs {
    /// The image.
    pub path: String,
    /// Image name or tag inside the archive, when it holds several.
    #[arg(long = "image-ref", visible_alias = "ref", value_name = "REF")]
    pub reference: Option<String>,
    /// Folder of the device files inside the image.
    #[arg(long, value_name = "DIR", default_value = "/epics/pvi-defs")]
    pub pvi_defs: String,
    /// Folder of the support files inside the image.
    #[arg(long, value_name = "DIR", default_value = "/epics/ibek-defs")]
    pub ibek_defs: String,
    /// Bounds on reading the image.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Runs `pvi image ...`.
pub fn run(args: &ImageArgs) -> CmdResult {
    match &args.command {
        ImageCommand::Ls(a) => ls(a),
    }
}

/// Runs `pvi image ls`: prints what it found on stdout. Each file is read
/// shared (no copy) and parsed once however many links lead to it; names
/// and labels are printed with control characters escaped.
fn ls(args: &LsArgs) -> CmdResult {
    let path = args.path.as_str();
    let (pvi_defs, ibek_defs) = (args.pvi_defs.as_str(), args.ibek_defs.as_str());
    let img = args.limits.open(path, args.reference.as_deref())?;
    let t = &img.tree;
    let mut out = format!(
        "{}: {} layers, {} entries\n",
        escape_controls(path),
        img.layers.len(),
        t.len()
    );
    // resolved path → what was found (links to one file are parsed once)
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut describe = |p: &str, what: &dyn Fn(&str, &str) -> String| -> String {
        let key = t.resolve(p).unwrap_or_else(|| p.to_string());
        if let Some(s) = seen.get(&key) {
            return s.clone();
        }
        let s = match t.read_shared(p) {
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Ok(text) => escape_controls(&what(p, text)),
                Err(e) => format!("invalid: not UTF-8 (byte {})", e.valid_up_to()),
            },
            Err(e) => escape_controls(&format!("unreadable: {e}")),
        };
        seen.insert(key, s.clone());
        s
    };
    let device = |p: &str, text: &str| {
        let mut sources = Sources::new();
        let id = sources.add(p, text);
        match parse_device(text, id) {
            Ok(d) => format!("label: {}", d.label),
            Err(d) => format!("invalid: {}", d[0].message),
        }
    };
    let support = |p: &str, text: &str| {
        let mut sources = Sources::new();
        let id = sources.add(p, text);
        match parse_yaml(text, id).and_then(|n| parse_support(&n)) {
            Ok(models) => {
                let module = models
                    .first()
                    .and_then(|m| m.type_name.split_once('.'))
                    .map_or("?", |(m, _)| m)
                    .to_string();
                let pvi = models.iter().filter(|m| m.pvi.is_some()).count();
                format!(
                    "module {module}: {} entity models, {pvi} with pvi",
                    models.len()
                )
            }
            Err(d) => format!("invalid: {}", d[0].message),
        }
    };
    let devices: Vec<String> = t
        .list_dir(pvi_defs)
        .into_iter()
        .filter(|n| n.ends_with(".pvi.device.yaml"))
        .collect();
    out += &format!("\n{pvi_defs}: {} device files\n", devices.len());
    for name in &devices {
        let what = describe(&join(pvi_defs, name), &device);
        out += &format!("  {:<40} {what}\n", escape_controls(name));
    }
    let mut supports = Vec::new();
    pvi_core::ioc::find_files(t, ibek_defs, "ibek.support.yaml", &mut supports, 0);
    out += &format!("\n{ibek_defs}: {} support files\n", supports.len());
    for p in &supports {
        let name = p
            .strip_prefix(ibek_defs)
            .unwrap_or(p)
            .trim_start_matches('/');
        let what = describe(p, &support);
        out += &format!("  {:<40} {what}\n", escape_controls(name));
    }
    crate::report::stdout(&out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("5 kib"), Ok(5 << 10));
        assert!(parse_size("2GB").is_err());
        assert!(parse_size("x").is_err());
        assert!(parse_size("99999999999T").is_err());
    }
}
