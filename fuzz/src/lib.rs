//! Shared fixtures and checks of the fuzz targets: the fixed files each
//! target's world holds next to the fuzzed input, and the "every writer"
//! pass run over any device that parses.

use pvi_core::diag::render_all;
use pvi_core::emit::ScreenTemplates;
use pvi_core::project::format_device;
use pvi_core::emit::{device_yaml, generate_template_with, PviQuirks, TemplateLayout};
use pvi_core::formatter::{Formatter, FormatterKind};
use pvi_core::model::Device;
use pvi_core::parse::parse_device;
use pvi_core::{Diagnostic, FileId, Sources};

/// A small device included by the fuzzed one (`inc/Base.pvi.device.yaml`).
pub const BASE_DEVICE: &str = "\
label: Base $(P)
children:
  - type: Group
    name: Status
    layout:
      type: Grid
    children:
      - type: SignalR
        name: Temperature
        read_pv: $(P)Temp_RBV
      - type: SignalRW
        name: Gain
        write_pv: $(P)Gain
        read_pv: $(P)Gain_RBV
  - type: SignalX
    name: Reset
    write_pv: $(P)Reset
    value: 1
";

/// A device a DeviceRef may point at (`inc/lens.pvi.device.yaml`).
pub const LENS_DEVICE: &str = "\
label: Lens
children:
  - type: SignalRW
    name: Focus
    write_pv: $(P)Focus
    read_pv: $(P)Focus_RBV
    write_widget:
      type: TextWrite
";

/// A small device with every common kind of component (formatter target).
pub const SMALL_DEVICE: &str = "\
label: Small $(P)
children:
  - type: Group
    name: Acquisition
    layout:
      type: Grid
    children:
      - type: SignalRW
        name: AcquireTime
        write_pv: $(P)AcquireTime
        read_pv: $(P)AcquireTime_RBV
      - type: SignalX
        name: Acquire
        write_pv: $(P)Acquire
        write_widget:
          type: ButtonPanel
          actions: {Start: \"1\", Stop: \"0\"}
      - type: SignalR
        name: Busy
        read_pv: $(P)Busy
        read_widget:
          type: LED
  - type: Group
    name: Sub
    layout:
      type: SubScreen
    children:
      - type: SignalW
        name: Mode
        write_pv: $(P)Mode
        write_widget:
          type: ComboBox
          choices: [A, B]
      - type: SignalR
        name: Image
        read_pv: $(P)Image
        read_widget:
          type: ImageRead
  - type: DeviceRef
    name: Lens
    pv: LENS
    ui: lens
  - type: SignalR
    name: Wave
    read_pv: $(P)Wave
    read_widget:
      type: ArrayTrace
      axis: x
";

/// The output extensions with the formatter kind that writes them.
pub const SCREENS: [(&str, FormatterKind); 3] = [
    ("bob", FormatterKind::Dls),
    ("edl", FormatterKind::Dls),
    ("adl", FormatterKind::Aps),
];

/// Renders diagnostics against their sources (must not panic: spans come
/// from fuzzed text) and checks a failure says something.
pub fn check_diags(diags: &[Diagnostic], sources: &Sources) {
    assert!(!diags.is_empty(), "an error result without a diagnostic");
    let text = render_all(diags, sources);
    assert!(!text.is_empty());
}

/// Every screen writer (both quirk modes for EDM/MEDM) with `formatter`
/// (or each kind's default), the PVI db template in all layouts and the
/// YAML write-back of `dev`. Writers may refuse with diagnostics but must
/// not panic; what they write must be well formed where that is cheap to see.
pub fn every_writer(dev: &Device, formatter: Option<&Formatter>, sources: &Sources) {
    for (ext, kind) in SCREENS {
        let f = match formatter {
            Some(f) if f.kind == kind => *f,
            Some(_) => continue,
            None => Formatter::default_for(kind),
        };
        let quirks: &[PviQuirks] = match ext {
            "bob" => &[PviQuirks::Fix],
            _ => &[PviQuirks::Fix, PviQuirks::Reproduce],
        };
        for &q in quirks {
            let mut t = ScreenTemplates::default();
            t.options.quirks = q;
            let name = format!("dev.pvi.{ext}");
            match format_device(dev, &f, &name, &t) {
                Ok(files) => {
                    assert!(!files.is_empty(), "no screen file for {name}");
                    assert_eq!(files[0].file_name, name, "main screen comes first");
                    for s in &files {
                        assert!(s.file_name.ends_with(&format!(".{ext}")));
                        assert!(!s.text.is_empty());
                    }
                }
                Err(d) => check_diags(&d, sources),
            }
        }
    }
    for layout in [
        TemplateLayout::Pvi,
        TemplateLayout::OphydAsync {
            groups_as_devices: false,
        },
        TemplateLayout::OphydAsync {
            groups_as_devices: true,
        },
    ] {
        match generate_template_with(dev, "PFX:", layout) {
            Ok(text) => check_template(&text),
            Err(d) => check_diags(&d, sources),
        }
    }
    let yaml = device_yaml(dev);
    if let Err(d) = parse_device(&yaml, FileId(0)) {
        panic!("the written device YAML does not parse again:\n{yaml}\n{d:?}");
    }
}

/// A generated db template parses as an EPICS database.
fn check_template(text: &str) {
    let parsed = pvi_core::epicsdb::parse(text, FileId(0));
    assert!(
        parsed.diags.is_empty(),
        "generated template does not parse:\n{text}\n{:?}",
        parsed.diags
    );
}

/// The device regrouped by the screen targets: names a screen may hold.
pub const REGROUP_DEVICE: &str = "\
label: my driver
children:
  - type: SignalRW
    name: Gain
    write_pv: $(P)Gain
    read_pv: $(P)Gain_RBV
  - type: SignalR
    name: Temperature
    read_pv: $(P)Temperature
  - type: Group
    name: Extra
    layout:
      type: Grid
    children:
      - type: SignalX
        name: Reset
        write_pv: $(P)Reset
      - type: SignalR
        name: Counter
        read_pv: $(P)Counter
  - type: SignalW
    name: Mode
    write_pv: $(P)Mode
";

/// `regroup` of [`REGROUP_DEVICE`] by one screen file `name` holding
/// `data`, and [`pvi_core::convert::y_of`] for every word of the screen.
/// The regrouped device must write back to YAML that parses again.
pub fn regroup_screen(name: &str, data: &[u8]) {
    use pvi_core::convert::{regroup, y_of, ScreenKind};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let kind = ScreenKind::of_path(name);
    for word in text
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .take(16)
    {
        let _ = y_of(kind, text, word);
    }
    let mut sources = Sources::new();
    let id = sources.add("my.pvi.device.yaml", REGROUP_DEVICE);
    let dev = match parse_device(REGROUP_DEVICE, id) {
        Ok(d) => d,
        Err(d) => panic!("fixed device is invalid: {d:?}"),
    };
    let uis = vec![
        (format!("ui/{name}"), text.to_string()),
        (format!("ui/second_{name}"), text.to_string()),
    ];
    match regroup(dev, &uis) {
        Ok((dev, _messages)) => {
            let yaml = device_yaml(&dev);
            if let Err(d) = parse_device(&yaml, FileId(0)) {
                panic!("the regrouped device YAML does not parse again:\n{yaml}\n{d:?}");
            }
        }
        Err(d) => check_diags(&[d], &sources),
    }
}
