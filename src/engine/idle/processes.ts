import type { CommandRunner } from './signals';

/** The running programs, by executable name as processKey gives it; null where they cannot be listed. */
export interface ProcessLister {
  names(): Promise<Set<string> | null>;
}

/**
 * How a program is compared: the file name alone, without directories (either separator: Wine
 * shows Windows paths), case and a trailing ".exe" ignored, so "Game.exe", "game" and
 * "C:\Games\GAME.EXE" are the same program on every platform.
 */
export function processKey(name: string): string {
  const base = name.trim().split(/[\\/]/).at(-1) ?? '';
  return base.toLowerCase().replace(/\.exe$/, '');
}

/** The owner's listed program that is running now, if any. */
export function runningListed(listed: readonly string[], running: ReadonlySet<string> | null): string | null {
  if (!running) return null;
  return listed.find((name) => running.has(processKey(name))) ?? null;
}

/**
 * A Linux process's names from /proc/<pid>/comm and /proc/<pid>/cmdline. The kernel cuts comm to
 * 15 characters, so the full name comes from argv[0]; comm still counts when it is whole, for
 * programs that rewrite their argv[0] and for kernel threads, which have none.
 */
export function linuxProcessNames(comm: string, cmdline: string): string[] {
  const names: string[] = [];
  const argv0 = cmdline.split('\0')[0] ?? '';
  if (argv0) names.push(processKey(argv0));
  const shortName = comm.replace(/\n$/, '');
  if (shortName && shortName.length < 15) names.push(processKey(shortName));
  return names;
}

/** `tasklist /fo csv /nh`: one quoted row per process, the image name ("Game.exe") first. */
export function parseTasklist(out: string): string[] {
  const names: string[] = [];
  for (const line of out.split(/\r?\n/)) {
    const match = /^"([^"]+)"/.exec(line);
    if (match) names.push(processKey(match[1]!));
  }
  return names;
}

/** macOS `ps -axo comm=`: each process's executable path, in full. */
export function parsePsComm(out: string): string[] {
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map(processKey);
}

type FileReader = (path: string) => Promise<string>;

/** Linux: every numeric entry of /proc. */
export class ProcFsProcesses implements ProcessLister {
  constructor(
    private readonly read: FileReader,
    private readonly list: (dir: string) => Promise<string[]>,
  ) {}

  async names(): Promise<Set<string> | null> {
    let entries: string[];
    try {
      entries = await this.list('/proc');
    } catch {
      return null;
    }
    const names = await Promise.all(
      entries
        .filter((e) => /^\d+$/.test(e))
        .map(async (pid) => {
          // A process may end between the listing and the read: it then has no names.
          const [comm, cmdline] = await Promise.all([this.read(`/proc/${pid}/comm`).catch(() => ''), this.read(`/proc/${pid}/cmdline`).catch(() => '')]);
          return linuxProcessNames(comm, cmdline);
        }),
    );
    return new Set(names.flat().filter(Boolean));
  }
}

/** Windows and macOS: a system command's listing. */
export class CommandProcesses implements ProcessLister {
  constructor(
    private readonly run: CommandRunner,
    private readonly command: string,
    private readonly args: string[],
    private readonly parse: (out: string) => string[],
  ) {}

  async names(): Promise<Set<string> | null> {
    try {
      return new Set(this.parse(await this.run(this.command, this.args)));
    } catch {
      return null;
    }
  }
}

/** The lister for this platform; null where none is known, so a listed program cannot pause work there. */
export function processListerFor(platform: NodeJS.Platform, run: CommandRunner, read: FileReader, list: (dir: string) => Promise<string[]>): ProcessLister | null {
  switch (platform) {
    case 'linux':
      return new ProcFsProcesses(read, list);
    case 'win32':
      return new CommandProcesses(run, 'tasklist', ['/fo', 'csv', '/nh'], parseTasklist);
    case 'darwin':
      return new CommandProcesses(run, 'ps', ['-axo', 'comm='], parsePsComm);
    default:
      return null;
  }
}
