import { describe, expect, test } from 'vitest';
import type { Tensor } from '../common/protocol';
import {
  afterInvalid,
  afterValid,
  decide,
  defaultReputationPolicy,
  initialReputation,
  isEstablished,
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
  const policy: QuorumPolicy = { initialResults: 2, quorumWeight: 1, soloWeight: 0.9, maxResults: 5, confirm: true };
  const right = t([0.1, 0.9]);
  const wrong = t([0.9, 0.1]);
  const vote = (nodeId: string, output: Tensor, weight = 0.7, established = true) => ({ nodeId, output, weight, established });
  const fresh = (nodeId: string, output: Tensor) => vote(nodeId, output, 0.5, false);

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

  // Three new colluding liars weigh what three new honest nodes do: no count of new votes can tell
  // them apart, so such an answer waits for a node with a record.
  test('a quorum of new nodes only is provisional: one more result is asked for, and an established node agreeing accepts it', () => {
    const three = [fresh('a', right), fresh('b', right), fresh('c', right)];
    expect(decide(three, tol, policy)).toEqual({ kind: 'provisional', output: right, agreeing: ['a', 'b', 'c'], disagreeing: [], results: 4 });
    expect(decide([...three, vote('d', right)], tol, policy)).toMatchObject({ kind: 'accept', agreeing: ['a', 'b', 'c', 'd'] });
  });

  test('an established node disagreeing with new nodes\' answer does not let it through; at the last result it fails, saying why', () => {
    const liars = [fresh('l1', wrong), fresh('l2', wrong), fresh('l3', wrong)];
    expect(decide([...liars, vote('h', right)], tol, policy)).toMatchObject({ kind: 'provisional', output: wrong, results: 5 });
    expect(decide([...liars, vote('h', right), fresh('n', wrong)], tol, policy)).toEqual({
      kind: 'fail',
      reason: 'the answer of 4 agreeing new nodes was not confirmed by an established node within 5 results',
    });
  });

  test('once no one else can answer (the devnet\'s two), new nodes\' agreement is accepted', () => {
    expect(decide([fresh('a', right), fresh('b', right)], tol, { ...policy, confirm: false })).toMatchObject({ kind: 'accept', agreeing: ['a', 'b'] });
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

  // Canaries are few and fixed, so a liar can learn to pass them all: they open probation, but only
  // agreement on real tasks (which a liar cannot tell apart) makes a node established.
  test('a node is established by agreement on real tasks, never by canaries alone, and a wrong answer takes it away', () => {
    expect(isEstablished(run(['c', ...Array<'c'>(50).fill('c')]), p)).toBe(false);
    expect(isEstablished(run(['c', ...Array<'v'>(6).fill('v')]), p)).toBe(false);
    expect(isEstablished(run(['c', ...Array<'v'>(7).fill('v')]), p)).toBe(true);
    expect(isEstablished(run(['c', ...Array<'v'>(7).fill('v'), 'x']), p)).toBe(false);
    // Without a canary passed it is on probation and weighs nothing, whatever its record.
    expect(isEstablished(run(Array<'v'>(20).fill('v')), p)).toBe(false);
  });
});
