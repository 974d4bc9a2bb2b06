import { describe, expect, test } from 'vitest';
import { defaultSettings, type MiningMode } from '../../common/api';
import { decideMode, type IdleSignals, type PolicySettings } from './policy';

const quiet: IdleSignals = {
  idleSeconds: 600,
  onBattery: false,
  gpuTemperatureC: 60,
  otherGpuLoadPercent: 0,
  otherCpuLoadPercent: 5,
  listedProcessRunning: false,
  fullScreenRunning: false,
  localDay: 3,
  localMinute: 12 * 60,
  nowMs: Date.parse('2025-01-01T12:00:00Z'),
};
const full: MiningMode = { kind: 'full' };
const paused = (reason: string) => ({ kind: 'paused', reason }) as MiningMode;

type Case = [name: string, signals: Partial<IdleSignals>, settings: Partial<PolicySettings>, previous: MiningMode, expected: MiningMode];

const cases: Case[] = [
  ['idle long enough: full', {}, {}, paused('in-use'), full],
  ['idle exactly the threshold: full', { idleSeconds: 120 }, {}, paused('in-use'), full],
  ['input while mining: pause', { idleSeconds: 0.1 }, {}, full, paused('in-use')],
  ['idle not yet long enough after input: stays paused', { idleSeconds: 119 }, {}, paused('in-use'), paused('in-use')],
  ['in use with throttle chosen', { idleSeconds: 1 }, { whileInUse: 'throttle', throttlePercent: 40 }, full, { kind: 'throttled', dutyPercent: 40 }],
  ['idle unknown on a desktop: pause and say why', { idleSeconds: null }, {}, paused('stopped'), paused('idle-unknown')],
  ['idle unknown on a dedicated rig: full', { idleSeconds: null }, { dedicatedRig: true }, paused('stopped'), full],
  ['dedicated rig ignores input', { idleSeconds: 0 }, { dedicatedRig: true }, full, full],
  ['on battery', { onBattery: true }, {}, full, paused('on-battery')],
  ['on battery, owner allows it', { onBattery: true }, { pauseOnBattery: false }, full, full],
  ['battery unknown does not pause', { onBattery: null }, {}, full, full],
  ['at the temperature limit: keeps working', { gpuTemperatureC: 83 }, {}, full, full],
  ['above the limit: pause', { gpuTemperatureC: 84 }, {}, full, paused('too-hot')],
  ['cooling but within the band: stays paused', { gpuTemperatureC: 80 }, {}, paused('too-hot'), paused('too-hot')],
  ['cooled below the band: resumes', { gpuTemperatureC: 78 }, {}, paused('too-hot'), full],
  ['80 °C without a previous pause: works', { gpuTemperatureC: 80 }, {}, full, full],
  ['a listed game runs', { listedProcessRunning: true }, {}, full, paused('listed-process')],
  ['a program runs full screen', { fullScreenRunning: true }, {}, full, paused('full-screen')],
  ['a program runs full screen, owner allows it', { fullScreenRunning: true }, { pauseForFullScreen: false }, full, full],
  ['full screen on a dedicated rig still pauses', { fullScreenRunning: true, idleSeconds: null }, { dedicatedRig: true }, full, paused('full-screen')],
  ['other GPU load over 50 %: pause', { otherGpuLoadPercent: 60 }, {}, full, paused('busy-gpu')],
  ['other GPU load at 40 % after a pause: stays paused', { otherGpuLoadPercent: 40 }, {}, paused('busy-gpu'), paused('busy-gpu')],
  ['other GPU load at 40 % while working: keeps working', { otherGpuLoadPercent: 40 }, {}, full, full],
  ['other GPU load fell to 20 %: resumes', { otherGpuLoadPercent: 20 }, {}, paused('busy-gpu'), full],
  ['other CPU load high', { otherCpuLoadPercent: 90 }, {}, full, paused('busy-cpu')],
  ['snoozed', {}, { snoozeUntil: '2025-01-01T12:30:00Z' }, full, paused('snoozed')],
  ['snooze over', {}, { snoozeUntil: '2025-01-01T11:30:00Z' }, paused('snoozed'), full],
  ['inside the schedule', {}, { schedule: [{ days: [3], startMinute: 600, endMinute: 900 }] }, full, full],
  ['outside the schedule', {}, { schedule: [{ days: [3], startMinute: 0, endMinute: 600 }] }, full, paused('outside-schedule')],
  ['a night window, after midnight of the next day', { localDay: 4, localMinute: 60 }, { schedule: [{ days: [3], startMinute: 1320, endMinute: 360 }] }, full, full],
  ['a night window, same day before it starts', { localDay: 3, localMinute: 60 }, { schedule: [{ days: [3], startMinute: 1320, endMinute: 360 }] }, full, paused('outside-schedule')],
  ['snooze outranks heat', { gpuTemperatureC: 95 }, { snoozeUntil: '2025-01-01T13:00:00Z' }, full, paused('snoozed')],
  ['heat outranks input', { gpuTemperatureC: 95, idleSeconds: 0 }, {}, full, paused('too-hot')],
  ['idle unknown outranks others’ CPU load', { idleSeconds: null, otherCpuLoadPercent: 90 }, {}, paused('busy-cpu'), paused('idle-unknown')],
  ['someone at the machine outranks others’ load', { idleSeconds: 3, otherCpuLoadPercent: 90, otherGpuLoadPercent: 90 }, {}, full, paused('in-use')],
  ['others’ load still pauses the share kept while in use', { idleSeconds: 3, otherCpuLoadPercent: 90 }, { whileInUse: 'throttle' }, full, paused('busy-cpu')],
  ['others’ load still pauses a dedicated rig', { idleSeconds: null, otherCpuLoadPercent: 90 }, { dedicatedRig: true }, full, paused('busy-cpu')],
  ['a rig told to mine beside other programs keeps working under their load', { otherCpuLoadPercent: 90, otherGpuLoadPercent: 90 }, { pauseForOtherLoad: false }, paused('busy-cpu'), full],
];

describe('decideMode', () => {
  test.for(cases)('%s', ([, signals, settings, previous, expected]) => {
    expect(decideMode(true, { ...quiet, ...signals }, { ...defaultSettings, ...settings }, previous)).toEqual(expected);
  });

  test.for([
    ['idle time unknown', { idleSeconds: null }, 'idle-unknown'],
    ['someone at the machine', { idleSeconds: 5 }, 'in-use'],
  ] as const)('%s: others’ CPU load coming and going never changes the reason shown', ([, signals, reason]) => {
    let mode: MiningMode = paused('stopped');
    const reasons = [90, 10, 60, 35, 95, 0, null, 70].map((load) => {
      mode = decideMode(true, { ...quiet, ...signals, otherCpuLoadPercent: load }, defaultSettings, mode);
      return mode.kind === 'paused' ? mode.reason : mode.kind;
    });
    expect(new Set(reasons)).toEqual(new Set([reason]));
  });

  test('stopped wins over everything', () => {
    expect(decideMode(false, quiet, { ...defaultSettings, dedicatedRig: true }, full)).toEqual(paused('stopped'));
  });
});
