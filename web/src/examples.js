// Example devices bundled with the page: small hand-written ones and a large
// generated one (about 1,000 signals spread over include files).

const MOTOR = `# A small device showing the common widgets.
label: Simple Motor - $(P)$(M)
children:
  - type: SignalRW
    name: Position
    description: Demanded and readback position
    write_pv: $(P)$(M)VAL
    read_pv: $(P)$(M)RBV
  - type: SignalR
    name: Moving
    read_pv: $(P)$(M)MOVN
    read_widget:
      type: LED
  - type: SignalRW
    name: Mode
    write_pv: $(P)$(M)MODE
    write_widget:
      type: ComboBox
      choices: [Normal, Fast, Careful]
  - type: SignalW
    name: Enable
    write_pv: $(P)$(M)CNEN
    write_widget:
      type: CheckBox
  - type: SignalX
    name: Stop
    write_pv: $(P)$(M)STOP
    write_widget:
      type: ButtonPanel
      actions: {Stop: "1", Kill: "2"}
  - type: SignalR
    name: Progress
    read_pv: $(P)$(M)PROG
    read_widget:
      type: ProgressBar
  - type: Group
    name: Limits
    layout:
      type: Grid
    children:
      - type: SignalRW
        name: HighLimit
        write_pv: $(P)$(M)HLM
        read_pv: $(P)$(M)HLM_RBV
      - type: SignalRW
        name: LowLimit
        write_pv: $(P)$(M)LLM
        read_pv: $(P)$(M)LLM_RBV
      - type: SignalR
        name: AtHighLimit
        read_pv: $(P)$(M)HLS
        read_widget:
          type: LED
  - type: Group
    name: Advanced
    layout:
      type: SubScreen
    children:
      - type: SignalRW
        name: Velocity
        write_pv: $(P)$(M)VELO
        read_pv: $(P)$(M)VELO_RBV
      - type: SignalRW
        name: Acceleration
        write_pv: $(P)$(M)ACCL
        read_pv: $(P)$(M)ACCL_RBV
      - type: SignalR
        name: Status
        read_pv: $(P)$(M)MSTA
        read_widget:
          type: BitField
          number_of_bits: 8
  - type: DeviceRef
    name: Encoder
    pv: ENC
    ui: encoder.bob
    macros:
      P: $(P)
`;

const ENCODER = `label: Encoder - $(P)
children:
  - type: SignalR
    name: Counts
    read_pv: $(P)ENC:COUNTS
  - type: SignalRW
    name: Resolution
    write_pv: $(P)ENC:RES
    read_pv: $(P)ENC:RES_RBV
`;

const CAMERA = `# A device built from include files.
label: Camera - $(P)$(R)
children:
  - type: SignalX
    name: Acquire
    write_pv: $(P)$(R)Acquire
    write_widget:
      type: ButtonPanel
      actions: {Start: "1", Stop: "0"}
  - type: SignalR
    name: DetectorState
    read_pv: $(P)$(R)DetectorState_RBV
  - type: Include
    file_name: CameraBase
  - type: Include
    file_name: Stats
    in_subscreen: true
`;

const CAMERA_BASE = `label: Camera base
children:
  - type: Group
    name: Exposure
    layout:
      type: Grid
    children:
      - type: SignalRW
        name: AcquireTime
        write_pv: $(P)$(R)AcquireTime
        read_pv: $(P)$(R)AcquireTime_RBV
      - type: SignalRW
        name: AcquirePeriod
        write_pv: $(P)$(R)AcquirePeriod
        read_pv: $(P)$(R)AcquirePeriod_RBV
      - type: SignalRW
        name: ImageMode
        write_pv: $(P)$(R)ImageMode
        read_pv: $(P)$(R)ImageMode_RBV
        write_widget:
          type: ComboBox
`;

const STATS = `label: Statistics
children:
  - type: SignalR
    name: MeanValue
    read_pv: $(P)$(R)MeanValue_RBV
  - type: SignalR
    name: Total
    read_pv: $(P)$(R)Total_RBV
  - type: SignalRW
    name: EnableCallbacks
    write_pv: $(P)$(R)EnableCallbacks
    read_pv: $(P)$(R)EnableCallbacks_RBV
    read_widget:
      type: LED
`;

const READ_WIDGETS = ["TextRead", "LED", "ProgressBar", "TextRead"];

/** One signal of the generated device; `k` picks its kind. */
function signal(prefix, name, k, indent) {
  const pad = " ".repeat(indent);
  const pv = `$(P)${prefix}:${name}`;
  switch (k % 5) {
    case 0:
      return `${pad}- type: SignalRW\n${pad}  name: ${name}\n${pad}  write_pv: ${pv}\n${pad}  read_pv: ${pv}_RBV\n`;
    case 1:
      return `${pad}- type: SignalR\n${pad}  name: ${name}\n${pad}  read_pv: ${pv}_RBV\n${pad}  read_widget:\n${pad}    type: ${READ_WIDGETS[k % 4]}\n`;
    case 2:
      return `${pad}- type: SignalRW\n${pad}  name: ${name}\n${pad}  write_pv: ${pv}\n${pad}  read_pv: ${pv}_RBV\n${pad}  write_widget:\n${pad}    type: ComboBox\n`;
    case 3:
      return `${pad}- type: SignalW\n${pad}  name: ${name}\n${pad}  write_pv: ${pv}\n`;
    default:
      return `${pad}- type: SignalR\n${pad}  name: ${name}\n${pad}  read_pv: ${pv}_RBV\n`;
  }
}

let serial = 0;

/** A Grid group of `n` signals named `<Word><serial>` (unique in the project). */
function grid(prefix, name, words, n, indent) {
  const pad = " ".repeat(indent);
  let s = `${pad}- type: Group\n${pad}  name: ${name}\n${pad}  layout:\n${pad}    type: Grid\n${pad}  children:\n`;
  for (let i = 0; i < n; i++) s += signal(prefix, `${words[i % words.length]}${++serial}`, i, indent + 4);
  return s;
}

const WORDS = ["Pressure", "Current", "Voltage", "Valve", "Gauge", "Setpoint", "Interlock", "Temp"];
const SECTIONS = ["Gauges", "Pumps", "Valves", "Heaters"];

/** The large example: ~1,000 signals; main device plus four include files. */
function large() {
  serial = 0;
  let main = `# Generated: about 1,000 signals in a main device and four include files.
label: Beamline Vacuum - $(P)
children:
`;
  for (let g = 0; g < 4; g++) main += grid("BL", `Sector${g + 1}`, WORDS, 8, 2);
  const includes = {};
  for (const [i, sec] of SECTIONS.entries()) {
    main += `  - type: Include\n    file_name: ${sec}\n    in_subscreen: true\n`;
    let inc = `label: ${sec}\nchildren:\n`;
    for (let g = 0; g < 8; g++) inc += grid(sec.toUpperCase(), `${sec}Bank${g + 1}`, WORDS, 30, 2);
    includes[`${sec}.pvi.device.yaml`] = inc;
    void i;
  }
  return { name: "vacuum.pvi.device.yaml", text: main, includes };
}

/** Example projects: device file name, text, include files, extra devices. */
export const EXAMPLES = {
  motor: {
    title: "Simple motor (all common widgets)",
    name: "motor.pvi.device.yaml",
    text: MOTOR,
    includes: {},
    others: { "encoder.pvi.device.yaml": ENCODER },
  },
  camera: {
    title: "Camera (include files, sub-screen)",
    name: "camera.pvi.device.yaml",
    text: CAMERA,
    includes: { "CameraBase.pvi.device.yaml": CAMERA_BASE, "Stats.pvi.device.yaml": STATS },
    others: {},
  },
  vacuum: { title: "Beamline vacuum (~1,000 signals, 4 includes)", ...large(), others: {} },
};

/** Number of signals in a project (lines starting a signal), for display. */
export function countSignals(texts) {
  return texts.reduce((n, t) => n + (t.match(/type: Signal(R|W|RW|X)\b/g) || []).length, 0);
}
