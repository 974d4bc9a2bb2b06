import { describe, expect, test } from 'vitest';
import type { Tensor } from '../common/protocol';
import {
  afterInvalid,
  afterValid,
  decide,
  defaultReputationPolicy,
  initialReputation,
  isTrusted,
  outputsAgree,
  quorumWeight,
  type QuorumPolicy,
  type Reputation,
  type Tolerance,
} from './verification';

const t = (data: number[], shape = [data.length]): Tensor => ({ dtype: 'float32', shape, data });
const tol: Tolerance = { maxAbs: 1e-3, maxRel: 1e-2, argmax: true };

describe('outputsAgree', () => {
  test.for([
    ['identical', t([0.1, 0.9]), t([0.1, 0.9]), true],
    ['within absolute tolerance', t([0.1, 0.9]), t([0.1005, 0.8995]), true],
    ['within relative tolerance on large values', t([1000, 2000]), t([1005, 2010]), true],
    ['beyond both tolerances', t([0.1, 0.9]), t([0.12, 0.88]), false],
    ['different shape', t([0.1, 0.9]), t([0.1, 0.9], [2, 1]), false],
    ['different length', t([0.1, 0.9]), t([0.1, 0.9, 0]), false],
    ['argmax flips on a near tie', t([0.5, 0.5004]), t([0.5004, 0.5]), false],
    ['argmax per row agrees', t([0.2, 0.8, 0.7, 0.3], [2, 2]), t([0.2001, 0.8, 0.7, 0.3001], [2, 2]), true],
  ] as const)('%s → %s', ([, a, b, expected]) => {
    expect(outputsAgree(a, b, tol)).toBe(expected);
  });

  test('argmax is not checked when the model does not ask for it', () => {
    expect(outputsAgree(t([0.5, 0.5004]), t([0.5004, 0.5]), { ...tol, argmax: false })).toBe(true);
  });
});

describe('decide', () => {
  const policy: QuorumPolicy = { initialResults: 2, quorumWeight: 1, soloWeight: 0.9, maxResults: 5 };
  const right = t([0.1, 0.9]);
  const wrong = t([0.9, 0.1]);
  const vote = (nodeId: string, output: Tensor, weight = 0.6) => ({ nodeId, output, weight });

  test.for([
    ['no votes yet', [], policy, { kind: 'need', results: 2 }],
    ['one vote of two', [vote('a', right)], policy, { kind: 'need', results: 2 }],
    ['two disagree: a third', [vote('a', right), vote('b', wrong)], policy, { kind: 'need', results: 3 }],
    ['two agree but on probation: a third', [vote('a', right, 0), vote('b', right, 0)], policy, { kind: 'need', results: 3 }],
    ['a lone trusted vote under adaptive replication', [vote('a', right, 0.95)], { ...policy, initialResults: 1 }, 'accept'],
    ['a lone untrusted vote under adaptive replication', [vote('a', right, 0.5)], { ...policy, initialResults: 1 }, { kind: 'need', results: 2 }],
    ['five votes, no quorum', ['a', 'b', 'c', 'd', 'e'].map((n) => vote(n, right, 0)), policy, 'fail'],
  ] as const)('%s', ([, votes, p, expected]) => {
    const verdict = decide(votes, tol, p);
    if (typeof expected === 'string') expect(verdict.kind).toBe(expected);
    else expect(verdict).toEqual(expected);
  });

  test('majority wins after a disagreement, and the outvoted node is named', () => {
    const verdict = decide([vote('a', right), vote('b', wrong), vote('c', t([0.1001, 0.8999]))], tol, policy);
    expect(verdict).toEqual({ kind: 'accept', output: right, agreeing: ['a', 'c'], disagreeing: ['b'] });
  });

  test('two colluding nodes on probation never outweigh one reputable pair', () => {
    const verdict = decide([vote('liar1', wrong, 0), vote('liar2', wrong, 0), vote('h1', right), vote('h2', right)], tol, policy);
    expect(verdict).toMatchObject({ kind: 'accept', output: right, disagreeing: ['liar1', 'liar2'] });
  });
});

describe('reputation', () => {
  const p = defaultReputationPolicy;
  const run = (steps: ('v' | 'x' | 'c')[]) =>
    steps.reduce<Reputation>((rep, s) => (s === 'x' ? afterInvalid(rep, p) : afterValid(rep, p, s === 'c')), initialReputation);

  test('falls fast and recovers slowly', () => {
    const fallen = run(['c', 'x']);
    expect(fallen.score).toBeCloseTo(0.25);
    const recovered = run(['c', 'x', ...Array<'v'>(10).fill('v')]);
    expect(recovered.score).toBeLessThan(0.6);
  });

  test.for([
    ['fresh node', [], 0, false],
    ['passed a canary', ['c'], 0.5, false],
    ['long streak after a canary', ['c', ...Array<'v'>(40).fill('v')], 'high', true],
    ['long streak but never a canary', Array<'v'>(40).fill('v'), 0, false],
    ['streak broken: one wrong answer halves the weight', ['c', ...Array<'v'>(40).fill('v'), 'x'], 'halved', false],
  ] as const)('%s', ([, steps, weight, trusted]) => {
    const rep = run([...steps]);
    if (weight === 'high') expect(quorumWeight(rep, p)).toBeGreaterThan(0.9);
    else if (weight === 'halved') expect(quorumWeight(rep, p)).toBeCloseTo(quorumWeight(run([...steps].slice(0, -1)), p) / 2);
    else if (typeof weight === 'number') expect(quorumWeight(rep, p)).toBeCloseTo(weight);
    expect(isTrusted(rep, p)).toBe(trusted);
  });
});
