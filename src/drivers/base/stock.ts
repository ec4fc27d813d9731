/**
 * The devices, buses, drivers and classes of the book's machine (an Ubuntu 18.04
 * VirtualBox guest running 5.4), declared as data and registered through the same
 * driver-model API modules use, so /sys/bus, /sys/class, /sys/dev and the uevents
 * agree: the platform devices the chapter lists under /sys/devices/platform, the
 * system subsystems (cpu, memory, node, clocksource ...), the perf PMUs, the i8042
 * serio ports, and the mem, tty, net, dmi ... classes.
 */

import { IS_ERR } from "../../fs/seq_file.ts";
import { cstr, sprintf } from "../../fs/sysfs/kbuf.ts";
import { EINVAL } from "../../include/uapi/errno.ts";
import { MKDEV } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { devlist } from "../char/mem.ts";
import { roots } from "./base.ts";
import { bus_register, subsys_system_register } from "./bus.ts";
import { class_create, device_create } from "./class.ts";
import { DEVICE_ATTR, type DeviceAttribute, device_create_file, device_register } from "./core.ts";
import { type BusType, type Class, Device, type DeviceDriver, type DevnodeOut } from "./device.ts";
import { driver_register } from "./driver.ts";
import { platform_device_register_simple, platform_driver_register } from "./platform.ts";
import { type DirSpec, dir, populate, ro } from "./static_tree.ts";
import { add_uevent_var } from "./uevent.ts";

type Text = string | ((dev: Device) => string);

/** A device attribute with fixed or computed text (and an optional store). */
function attr(name: string, text: Text, mode = 0o444, store?: DeviceAttribute["store"]) {
  return DEVICE_ATTR(
    name,
    mode,
    (dev, _a, buf) => sprintf(buf, "%s", typeof text === "string" ? text : text(dev)),
    store ?? null,
  );
}

function group(name: string | null, attrs: DeviceAttribute[]) {
  return { name, attrs };
}

/** A device under `parent` (or /sys/devices, or the bus's root) on `bus`. */
function registerDevice(opts: {
  name: string;
  bus?: BusType | null;
  parent?: Device | null;
  groups?: ReturnType<typeof group>[];
  id?: number;
  offline_disabled?: boolean;
}): Device {
  const dev = new Device();
  dev.init_name = opts.name;
  dev.bus = opts.bus ?? null;
  dev.parent = opts.parent ?? null;
  dev.groups = opts.groups ?? null;
  dev.id = opts.id ?? 0;
  dev.offline_disabled = opts.offline_disabled ?? false;
  dev.release = () => {};
  device_register(dev);
  return dev;
}

/** A built-in driver that binds every device its bus offers it (probe returns 0). */
function builtinDriver(name: string, bus: BusType, modName?: string): DeviceDriver {
  const drv: DeviceDriver = { name, bus, mod_name: modName ?? null, probe: () => 0 };
  driver_register(drv);
  return drv;
}

/** "0", "0-1", "0-3": a CPU list as %*pbl prints it. */
function cpulist(n: number): string {
  return n <= 1 ? "0" : `0-${n - 1}`;
}

// ---- /sys/devices/system/cpu ----

function cpuSubsystem(k: Kernel): void {
  const n = k.options.ncpus;
  const cpus: Device[] = [];
  const online = () => {
    const on = cpus.filter((c) => !c.offline).map((c) => c.id);
    return on.length === n ? cpulist(n) : on.join(",");
  };
  const cpu_subsys: BusType = {
    name: "cpu",
    dev_name: "cpu",
    online: () => 0,
    offline: () => 0,
  };
  subsys_system_register(cpu_subsys, [
    group(null, [
      attr("online", () => `${online()}\n`),
      attr("possible", `${cpulist(n)}\n`),
      attr("present", `${cpulist(n)}\n`),
      attr(
        "offline",
        () =>
          `${cpus
            .filter((c) => c.offline)
            .map((c) => c.id)
            .join(",")}\n`,
      ),
      attr("kernel_max", `${Math.max(64, n) - 1}\n`),
      attr("isolated", "\n"),
      attr("nohz_full", " (null)\n"),
    ]),
  ]);
  const root = cpu_subsys.dev_root!;
  populate(
    root.kobj,
    dir({
      cpufreq: dir({}),
      cpuidle: dir({ current_driver: ro("none\n"), current_governor_ro: ro("menu\n") }),
      hotplug: dir({}),
      microcode: dir({}),
      smt: dir({ active: ro("0\n"), control: ro("notsupported\n") }),
      vulnerabilities: dir({
        itlb_multihit: ro("KVM: Mitigation: VMX unsupported\n"),
        l1tf: ro("Mitigation: PTE Inversion\n"),
        mds: ro("Mitigation: Clear CPU buffers; SMT Host state unknown\n"),
        meltdown: ro("Mitigation: PTI\n"),
        spec_store_bypass: ro("Vulnerable\n"),
        spectre_v1: ro("Mitigation: usercopy/swapgs barriers and __user pointer sanitization\n"),
        spectre_v2: ro("Mitigation: Full generic retpoline, STIBP: disabled, RSB filling\n"),
        tsx_async_abort: ro("Not affected\n"),
      }),
    }),
  );
  const mask = (i: number) => (1n << BigInt(i)).toString(16);
  for (let i = 0; i < n; i++) {
    const topology = group("topology", [
      attr("core_id", `${i}\n`),
      attr("core_siblings", `${((1n << BigInt(n)) - 1n).toString(16)}\n`),
      attr("core_siblings_list", `${cpulist(n)}\n`),
      attr("die_id", "0\n"),
      attr("physical_package_id", "0\n"),
      attr("thread_siblings", `${mask(i)}\n`),
      attr("thread_siblings_list", `${i}\n`),
    ]);
    const crash = group(null, [
      attr("crash_notes", `${(0x3fc1a000 + i * 0x1000).toString(16)}\n`, 0o400),
      attr("crash_notes_size", "368\n", 0o400),
    ]);
    // register_cpu(): cpu0 can't be unplugged on x86, so it has no "online" file.
    cpus.push(
      registerDevice({
        name: `cpu${i}`,
        bus: cpu_subsys,
        id: i,
        groups: [crash, topology],
        offline_disabled: i === 0,
      }),
    );
  }
  builtinDriver("processor", cpu_subsys, "processor");
}

/** The other system subsystems: memory blocks, NUMA node, clock sources, MCE ... */
function systemSubsystems(k: Kernel): void {
  const blocks = Math.max(1, Math.floor(k.options.ramBytes / (128 * 1024 * 1024)));
  const memory: BusType = { name: "memory", dev_name: "memory" };
  subsys_system_register(memory, [
    group(null, [attr("block_size_bytes", "8000000\n"), attr("auto_online_blocks", "offline\n")]),
  ]);
  for (let i = 0; i < blocks; i++) {
    registerDevice({
      name: `memory${i}`,
      bus: memory,
      id: i,
      groups: [
        group(null, [
          attr("online", "1\n", 0o644, () => -EINVAL),
          attr("phys_device", "0\n"),
          attr("phys_index", `${i.toString(16).padStart(8, "0")}\n`),
          attr("removable", i === 0 ? "0\n" : "1\n"),
          attr("state", "online\n", 0o644, () => -EINVAL),
          attr("valid_zones", i === 0 ? "DMA32 Normal\n" : "Normal\n"),
        ]),
      ],
    });
  }
  const n = k.options.ncpus;
  const node: BusType = { name: "node", dev_name: "node" };
  subsys_system_register(node, [
    group(null, [
      attr("possible", "0\n"),
      attr("online", "0\n"),
      attr("has_normal_memory", "0\n"),
      attr("has_cpu", "0\n"),
      attr("has_memory", "0\n"),
    ]),
  ]);
  registerDevice({
    name: "node0",
    bus: node,
    groups: [
      group(null, [
        attr("cpulist", `${cpulist(n)}\n`),
        attr("cpumap", `${((1n << BigInt(n)) - 1n).toString(16)}\n`),
        attr("distance", "10\n"),
      ]),
    ],
  });
  const clocksource: BusType = { name: "clocksource", dev_name: "clocksource" };
  subsys_system_register(clocksource);
  let current = "tsc";
  registerDevice({
    name: "clocksource0",
    bus: clocksource,
    groups: [
      group(null, [
        attr("available_clocksource", "tsc hpet acpi_pm \n"),
        attr(
          "current_clocksource",
          () => `${current}\n`,
          0o644,
          (_d, _a, buf, count) => {
            const v = cstr(buf, count).replace(/\n$/, "");
            if (!["tsc", "hpet", "acpi_pm"].includes(v)) return -EINVAL;
            current = v;
            return count;
          },
        ),
      ]),
    ],
  });
  const clockevents: BusType = { name: "clockevents", dev_name: "clockevent" };
  subsys_system_register(clockevents);
  for (let i = 0; i < n; i++) {
    registerDevice({
      name: `clockevent${i}`,
      bus: clockevents,
      groups: [group(null, [attr("current_device", "lapic-deadline\n")])],
    });
  }
  registerDevice({
    name: "broadcast",
    bus: clockevents,
    groups: [group(null, [attr("current_device", "hpet\n")])],
  });
  subsys_system_register({ name: "container", dev_name: "container" });
  const machinecheck: BusType = { name: "machinecheck", dev_name: "machinecheck" };
  subsys_system_register(machinecheck);
  for (let i = 0; i < n; i++) {
    registerDevice({
      name: `machinecheck${i}`,
      bus: machinecheck,
      groups: [
        group(null, [
          attr("check_interval", "300\n", 0o644, () => -EINVAL),
          attr("cmci_disabled", "0\n", 0o644, () => -EINVAL),
          attr("dont_log_ce", "0\n", 0o644, () => -EINVAL),
          attr("ignore_ce", "0\n", 0o644, () => -EINVAL),
          attr("monarch_timeout", "1000000\n", 0o644, () => -EINVAL),
          attr("print_all", "1\n", 0o644, () => -EINVAL),
          attr("tolerant", "1\n", 0o644, () => -EINVAL),
          attr("trigger", "\n", 0o644, () => -EINVAL),
        ]),
      ],
    });
  }
}

/** The perf PMUs on the event_source bus: /sys/devices/<pmu>/type ... */
function eventSource(): void {
  const event_source: BusType = { name: "event_source" };
  bus_register(event_source);
  for (const [name, type] of [
    ["software", 1],
    ["tracepoint", 2],
    ["cpu", 4],
    ["breakpoint", 5],
    ["kprobe", 6],
    ["uprobe", 7],
    ["msr", 8],
  ] as const) {
    registerDevice({
      name,
      bus: event_source,
      groups: [
        group(null, [
          attr("type", `${type}\n`),
          attr("perf_event_mux_interval_ms", "4\n", 0o644, () => -EINVAL),
        ]),
      ],
    });
  }
}

/** The platform devices of the chapter's `ls /sys/devices/platform`, and their drivers. */
function platformDevices(): void {
  const bound: [string, string | null][] = [
    ["alarmtimer", null],
    ["reg-dummy", null],
    ["serial8250", "8250"],
    ["i8042", "i8042"],
    ["pcspkr", null],
  ];
  for (const [name, mod] of bound) {
    platform_driver_register({ driver: { name, mod_name: mod }, probe: () => 0 });
  }
  // intel_pmc_core matches its device by name but refuses a VirtualBox CPU (-ENODEV).
  platform_driver_register({ driver: { name: "intel_pmc_core" }, probe: () => -19 });
  for (const name of ["efi-framebuffer", "simple-framebuffer", "vesa-framebuffer"]) {
    platform_driver_register({ driver: { name }, probe: () => 0 });
  }
  const devs: [string, number][] = [
    ["alarmtimer", -1],
    ["Fixed MDIO bus", 0],
    ["intel_pmc_core", 0],
    ["platform-framebuffer", 0],
    ["reg-dummy", -1],
    ["serial8250", -1],
    ["eisa", 0],
    ["i8042", -1],
    ["pcspkr", -1],
    ["rtc_cmos", -1],
  ];
  for (const [name, id] of devs) platform_device_register_simple(name, id, null, 0);
}

function findPlatform(name: string): Device | null {
  const bus = [...(roots().bus_kset?.list ?? [])].find((k) => k.name === "platform");
  const priv = (bus?.container as { priv?: { devicesByName: Map<string, Device> } } | null)?.priv;
  return priv?.devicesByName.get(name) ?? null;
}

/** The i8042 keyboard and mouse ports on the serio bus, bound to atkbd and psmouse. */
function serio(): void {
  const serio_bus: BusType = {
    name: "serio",
    uevent: (dev, env) => {
      add_uevent_var(env, "SERIO_TYPE=%02x", dev.id === 0 ? 6 : 1);
      add_uevent_var(env, "SERIO_PROTO=00");
      add_uevent_var(env, "SERIO_ID=00");
      add_uevent_var(env, "SERIO_EXTRA=00");
      add_uevent_var(env, "MODALIAS=serio:ty%02xpr00id00ex00", dev.id === 0 ? 6 : 1);
      return 0;
    },
  };
  bus_register(serio_bus);
  const i8042 = findPlatform("i8042");
  const port = (n: number, desc: string) =>
    registerDevice({
      name: `serio${n}`,
      bus: serio_bus,
      parent: i8042,
      id: n,
      groups: [
        group(null, [
          attr("description", `${desc}\n`),
          attr("modalias", `serio:ty${n === 0 ? "06" : "01"}pr00id00ex00\n`),
          attr("bind_mode", "auto\n", 0o644, (_d, _a, _b, count) => count),
          attr("drvctl", "", 0o200, (_d, _a, _b, count) => count),
        ]),
      ],
    });
  // atkbd takes the keyboard port, psmouse the aux port (their serio_device_id tables).
  serio_bus.match = (dev, d) => ((d.name === "atkbd") === (dev.id === 0) ? 1 : 0);
  driver_register({ name: "atkbd", bus: serio_bus, probe: () => 0 });
  driver_register({ name: "psmouse", bus: serio_bus, probe: () => 0 });
  port(0, "i8042 KBD port");
  port(1, "i8042 AUX port");
}

// ---- classes ----

/** Mirrors mem_devnode(): the devlist mode (0666 for null, zero ...). */
function mem_devnode(dev: Device, out: DevnodeOut): string | null {
  const minor = dev.devt & 0xfffff;
  const e = devlist.find(([m]) => m === minor);
  if (e) out.mode = e[2];
  return null;
}

/** Mirrors tty_devnode(): /dev/tty and /dev/ptmx are 0666. */
function tty_devnode(dev: Device, out: DevnodeOut): string | null {
  if (dev.devt === MKDEV(5, 0) || dev.devt === MKDEV(5, 2)) out.mode = 0o666;
  return null;
}

function classes(k: Kernel): void {
  const make = (name: string, extra: Partial<Class> = {}): Class | null => {
    const c = class_create(name);
    if (IS_ERR(c)) return null;
    Object.assign(c, extra);
    return c;
  };
  for (const name of ["bdi", "block", "graphics", "input", "misc", "power_supply", "rtc"]) {
    make(name);
  }
  make("thermal");
  const mem = make("mem", { devnode: mem_devnode });
  for (const [minor, name] of devlist) device_create(mem, null, MKDEV(1, minor), null, "%s", name);
  const tty = make("tty", { devnode: tty_devnode });
  device_create(tty, null, MKDEV(5, 0), null, "tty");
  device_create(tty, null, MKDEV(5, 1), null, "console");
  device_create(tty, null, MKDEV(5, 2), null, "ptmx");
  device_create(tty, null, MKDEV(4, 0), null, "tty0");
  const serial8250 = findPlatform("serial8250");
  for (let i = 0; i < 4; i++) device_create(tty, serial8250, MKDEV(4, 64 + i), null, "ttyS%d", i);
  const vt = make("vtconsole");
  device_create(vt, null, 0, null, "vtcon0");
  const dmi = make("dmi");
  const id = device_create(dmi, null, 0, null, "id");
  if (!IS_ERR(id)) {
    populateDevice(
      id,
      dir({
        bios_date: ro("12/01/2006\n"),
        bios_vendor: ro("innotek GmbH\n"),
        bios_version: ro("VirtualBox\n"),
        board_name: ro("VirtualBox\n"),
        board_vendor: ro("Oracle Corporation\n"),
        board_version: ro("1.2\n"),
        chassis_type: ro("1\n"),
        chassis_vendor: ro("Oracle Corporation\n"),
        product_name: ro("VirtualBox\n"),
        product_serial: ro("0\n", 0o400),
        product_uuid: ro("5d1e5e0c-3c8b-4a4f-9f2e-1f6a9a1b2c3d\n", 0o400),
        product_version: ro("1.2\n"),
        sys_vendor: ro("innotek GmbH\n"),
      }),
    );
  }
  const net = make("net", {
    dev_uevent: (_dev, env) => {
      add_uevent_var(env, "INTERFACE=%s", "lo");
      add_uevent_var(env, "IFINDEX=%d", 1);
      return 0;
    },
  });
  const lo = device_create(net, null, 0, null, "lo");
  if (!IS_ERR(lo)) {
    populateDevice(
      lo,
      dir({
        addr_assign_type: ro("0\n"),
        addr_len: ro("6\n"),
        address: ro("00:00:00:00:00:00\n"),
        broadcast: ro("00:00:00:00:00:00\n"),
        carrier: ro("1\n", 0o644),
        dev_id: ro("0x0\n"),
        dormant: ro("0\n"),
        flags: ro("0x9\n", 0o644),
        ifalias: ro("\n", 0o644),
        ifindex: ro("1\n"),
        iflink: ro("1\n"),
        link_mode: ro("0\n"),
        mtu: ro("65536\n", 0o644),
        operstate: ro("unknown\n"),
        tx_queue_len: ro("1000\n", 0o644),
        type: ro("772\n"),
      }),
    );
  }
  void k;
}

/** Static attributes on a registered device's directory. */
function populateDevice(dev: Device, spec: DirSpec): void {
  for (const [name, e] of Object.entries(spec.entries)) {
    if (e.t !== "f") continue;
    const show = e.show;
    const a = DEVICE_ATTR(
      name,
      e.mode,
      (_d, _a, buf) => {
        const v = show(this_kernel());
        return typeof v === "number" ? v : sprintf(buf, "%s", v);
      },
      e.mode & 0o222 ? () => -EINVAL : null,
    );
    device_create_file(dev, a);
  }
}

/** Registers the whole stock machine (called once at boot, after the core is up). */
export function stock_machine_init(k: Kernel): void {
  cpuSubsystem(k);
  systemSubsystems(k);
  eventSource();
  platformDevices();
  serio();
  classes(k);
}
