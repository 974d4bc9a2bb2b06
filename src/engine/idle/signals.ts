import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Event } from '../../common/lifecycle';
import { processListerFor, type ProcessLister } from './processes';

/**
 * Seconds since the last user input. Electron's powerMonitor.getSystemIdleTime() implements this
 * in the desktop app (main/); under plain Node the Linux sources below are what exists.
 */
export interface IdleTimeSource {
  idleSeconds(): Promise<number | null>;
}

export type CommandRunner = (command: string, args: string[]) => Promise<string>;

export const commandRunner =
  (timeoutMs: number): CommandRunner =>
  (command, args) =>
    new Promise((resolve, reject) => {
      execFile(command, args, { timeout: timeoutMs, windowsHide: true, maxBuffer: 16 * 2 ** 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });

const runCommand = commandRunner(500);

const probes: { name: string; command: string; args: string[]; parse(out: string): number | null }[] = [
  // X11 sessions: xprintidle prints milliseconds.
  { name: 'xprintidle', command: 'xprintidle', args: [], parse: (out) => (/^\d+/.test(out.trim()) ? Number.parseInt(out, 10) / 1000 : null) },
  // GNOME on Wayland, where X's idle counter only sees XWayland clients.
  {
    name: 'gnome-mutter',
    command: 'gdbus',
    args: ['call', '--session', '--dest', 'org.gnome.Mutter.IdleMonitor', '--object-path', '/org/gnome/Mutter/IdleMonitor/Core', '--method', 'org.gnome.Mutter.IdleMonitor.GetIdletime'],
    parse: (out) => {
      const match = /uint64 (\d+)/.exec(out);
      return match ? Number(match[1]) / 1000 : null;
    },
  },
];

/**
 * Linux idle time from whichever desktop tool answers. The first that works is kept; when none
 * does (a headless box, a desktop without these tools) the answer is null and the policy asks the
 * owner to mark the machine a dedicated rig.
 */
export class LinuxIdleTime implements IdleTimeSource {
  private working: (typeof probes)[number] | null = null;
  private exhausted = false;

  constructor(
    private readonly run: CommandRunner = runCommand,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async idleSeconds(): Promise<number | null> {
    if (this.working) {
      const value = await this.ask(this.working);
      if (value !== null) return value;
      this.working = null;
    }
    if (this.exhausted) return null;
    for (const probe of probes) {
      if (probe.name === 'xprintidle' && !this.env.DISPLAY) continue;
      if (probe.name === 'gnome-mutter' && !this.env.DBUS_SESSION_BUS_ADDRESS) continue;
      const value = await this.ask(probe);
      if (value !== null) {
        this.working = probe;
        return value;
      }
    }
    this.exhausted = true;
    return null;
  }

  private async ask(probe: (typeof probes)[number]): Promise<number | null> {
    try {
      return probe.parse(await this.run(probe.command, probe.args));
    } catch {
      return null;
    }
  }
}

/** The slower signals, read every few seconds. */
export interface SystemSignals {
  onBattery: boolean | null;
  otherCpuLoadPercent: number | null;
  /** Executable names as processKey gives them. */
  runningProcesses: Set<string> | null;
}

export interface SystemSignalSource {
  /** `withProcesses`: list running processes too (costly: only when the owner listed some). */
  read(withProcesses: boolean): Promise<SystemSignals>;
  /** Fires when a signal is known to have changed, so it is read again at once rather than at the next poll. */
  readonly onDidChange?: Event<void>;
}

/**
 * Whether the machine runs on battery, as the platform tells it with events: Electron's
 * powerMonitor in the desktop app (main/power.ts), on Windows and macOS too, where /sys is not.
 */
export interface PowerSource {
  onBattery(): boolean;
  readonly onDidChange: Event<void>;
}

/** `system`'s signals with the battery state taken from `power`, re-read whenever power changes. */
export function withPowerSource(system: SystemSignalSource, power: PowerSource): SystemSignalSource {
  return {
    read: async (withProcesses) => ({ ...(await system.read(withProcesses)), onBattery: power.onBattery() }),
    onDidChange: power.onDidChange,
  };
}

type FileReader = (path: string) => Promise<string>;
const readText: FileReader = (path) => readFile(path, 'utf8');

/**
 * Linux: /sys for the power supply. Everywhere: CPU time counters for load, and the running
 * programs from whatever this platform offers (processes.ts).
 */
export class LinuxSystemSignals implements SystemSignalSource {
  private last: { total: number; idle: number; ours: number } | null = null;

  constructor(
    private readonly read_: FileReader = readText,
    private readonly list: (dir: string) => Promise<string[]> = (dir) => readdir(dir),
    private readonly cpuTimes: () => { total: number; idle: number; ours: number } = sampleCpuTimes,
    // A process listing takes longer than an idle-time query, most of all tasklist on Windows.
    private readonly processes: ProcessLister | null = processListerFor(process.platform, commandRunner(5000), read_, list),
  ) {}

  async read(withProcesses: boolean): Promise<SystemSignals> {
    const [onBattery, runningProcesses] = await Promise.all([this.battery(), withProcesses ? (this.processes?.names() ?? null) : null]);
    return { onBattery, otherCpuLoadPercent: this.otherCpuLoad(), runningProcesses };
  }

  private async battery(): Promise<boolean | null> {
    let supplies: string[];
    try {
      supplies = await this.list('/sys/class/power_supply');
    } catch {
      return null;
    }
    let hasBattery = false;
    let mainsOnline = false;
    for (const supply of supplies) {
      const type = (await this.read_(join('/sys/class/power_supply', supply, 'type')).catch(() => '')).trim();
      if (type === 'Battery') hasBattery = true;
      if (type === 'Mains' || type === 'USB') {
        mainsOnline ||= (await this.read_(join('/sys/class/power_supply', supply, 'online')).catch(() => '0')).trim() === '1';
      }
    }
    return hasBattery && !mainsOnline;
  }

  /** Busy share of all cores over the last interval, our own process (and its workers) taken out. */
  private otherCpuLoad(): number | null {
    const now = this.cpuTimes();
    const last = this.last;
    this.last = now;
    if (!last || now.total <= last.total) return null;
    const busy = now.total - now.idle - (last.total - last.idle);
    const ours = now.ours - last.ours;
    return Math.min(100, Math.max(0, ((busy - ours) / (now.total - last.total)) * 100));
  }
}

function sampleCpuTimes(): { total: number; idle: number; ours: number } {
  let total = 0;
  let idle = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
    idle += t.idle;
  }
  const usage = process.cpuUsage();
  return { total, idle, ours: (usage.user + usage.system) / 1000 };
}
