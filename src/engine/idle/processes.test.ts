import { describe, expect, test } from 'vitest';
import { CommandProcesses, linuxProcessNames, parsePsComm, parseTasklist, processKey, processListerFor, runningListed } from './processes';

describe('processKey', () => {
  test.for([
    ['Game.exe', 'game'],
    ['game', 'game'],
    ['GAME.EXE', 'game'],
    ['C:\\Program Files\\Steam\\steamapps\\common\\Elden Ring\\eldenring.exe', 'eldenring'],
    ['/Applications/Blender.app/Contents/MacOS/Blender', 'blender'],
    ['/usr/bin/obs', 'obs'],
    ['  obs64.exe \n', 'obs64'],
    ['setup.exe.bak', 'setup.exe.bak'],
  ] as const)('%s → %s', ([name, key]) => {
    expect(processKey(name)).toBe(key);
  });
});

describe('runningListed', () => {
  const running = new Set(['eldenring', 'systemd', 'starshipsimulator']);
  test.for([
    [['EldenRing.exe'], 'EldenRing.exe'],
    [['eldenring'], 'eldenring'],
    [['blender', 'StarshipSimulator'], 'StarshipSimulator'],
    // A name longer than the kernel's 15 characters matches whole, not by a cut prefix.
    [['StarshipSimulat'], null],
    [['Elden'], null],
    [[], null],
  ] as const)('%j → %s', ([listed, expected]) => {
    expect(runningListed(listed, running)).toBe(expected);
  });

  test('nothing runs as far as anyone can tell when processes cannot be listed', () => {
    expect(runningListed(['game'], null)).toBeNull();
  });
});

describe('linuxProcessNames', () => {
  test.for([
    ['a program: argv[0]’s file name, and comm', 'obs\n', '/usr/bin/obs\0--startreplaybuffer\0', ['obs', 'obs']],
    ['a long name: comm is cut, argv[0] is whole', 'StarshipSimulat\n', '/opt/starship/StarshipSimulator\0', ['starshipsimulator']],
    ['a Windows game under Wine', 'Game.exe\n', 'C:\\Games\\Game.exe\0-windowed\0', ['game', 'game']],
    ['a kernel thread: comm only', 'kthreadd\n', '', ['kthreadd']],
    ['a program that rewrote its argv[0]', 'postgres\n', 'postgres: checkpointer \0', ['postgres: checkpointer', 'postgres']],
  ] as const)('%s', ([, comm, cmdline, names]) => {
    expect(linuxProcessNames(comm, cmdline)).toEqual(names);
  });
});

describe('system listings (captured outputs)', () => {
  test('Windows tasklist /fo csv /nh', () => {
    const out = [
      '"System Idle Process","0","Services","0","8 K"',
      '"svchost.exe","1044","Services","0","12,344 K"',
      '"EldenRing.exe","7312","Console","1","4,211,876 K"',
      '"Code - Insiders.exe","9020","Console","1","201,004 K"',
      '',
    ].join('\r\n');
    expect(parseTasklist(out)).toEqual(['system idle process', 'svchost', 'eldenring', 'code - insiders']);
  });

  test('macOS ps -axo comm=', () => {
    const out = ['/sbin/launchd', '/usr/libexec/logd', '/Applications/Blender.app/Contents/MacOS/Blender', '(bash)', ''].join('\n');
    expect(parsePsComm(out)).toEqual(['launchd', 'logd', 'blender', '(bash)']);
  });

  test('each platform lists through its own tool; a failing tool means unknown, not "none running"', async () => {
    const failing = new CommandProcesses(async () => Promise.reject(new Error('ENOENT')), 'tasklist', [], parseTasklist);
    expect(await failing.names()).toBeNull();
    const calls: string[] = [];
    const run = async (command: string, args: string[]) => (calls.push([command, ...args].join(' ')), '"Game.exe","1","Console","1","1 K"\r\n');
    expect(await processListerFor('win32', run, async () => '', async () => [])!.names()).toEqual(new Set(['game']));
    expect(calls).toEqual(['tasklist /fo csv /nh']);
    expect(processListerFor('aix', run, async () => '', async () => [])).toBeNull();
  });
});
