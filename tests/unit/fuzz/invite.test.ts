// Fuzz: invitation links. Random and mutated links must give a LINK_INVALID CouncilError or a valid
// invitation that formats back to an equivalent link; never any other exception.
import { describe, expect, it } from 'vitest';
import { councilSchemeLink, formatInvitationLink, newSecret, parseInvitationLink } from '../../../common/pack/invite.ts';
import { CouncilError } from '../../../common/result.ts';
import { fuzzFailure, loadCorpus, mutateBytes, randomString, Rng, runSeed, saveToCorpus } from './fuzzKit.ts';

const TARGET = 'invite';
const RANDOM_INPUTS = 3000;
const seed = runSeed();

const valid = { server: 'https://hall.example:8443/council', meetingId: 'ky-hop-8', delegateId: 'd05', secret: newSecret(), publisherKey: newSecret().slice(0, 43) };
const SEEDS = [formatInvitationLink(valid), councilSchemeLink(valid), formatInvitationLink({ ...valid, server: 'http://192.168.1.10:8080' })];
const PIECES = ['#', '/join', 'council://join?server=', '%', '%E0%A4%A', '%zz', 'v1.', '.', 'https://', '?', '@', '\u0000', ' ', 'v2'];

function mutate(rng: Rng, link: string): string {
  switch (rng.int(4)) {
    case 0:
      return new TextDecoder().decode(mutateBytes(rng, new TextEncoder().encode(link)));
    case 1: {
      const i = rng.int(link.length + 1);
      return link.slice(0, i) + rng.pick(PIECES) + link.slice(i);
    }
    case 2:
      return link.slice(0, rng.int(link.length + 1));
    default:
      return randomString(rng) + rng.pick(PIECES) + randomString(rng);
  }
}

/** Throws unless the parser answered with an invitation or a LINK_INVALID error. */
function check(link: string): void {
  let parsed;
  try {
    parsed = parseInvitationLink(link);
  } catch (e) {
    if (e instanceof CouncilError && e.code === 'LINK_INVALID') return;
    throw new Error(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} instead of LINK_INVALID`);
  }
  // What parses must survive a round trip: the same invitation again.
  expect(parseInvitationLink(formatInvitationLink(parsed))).toEqual(parsed);
}

function run(link: string, why: string): void {
  try {
    check(link);
  } catch (e) {
    saveToCorpus(TARGET, { why: `${why}: ${e instanceof Error ? e.message : String(e)}`, input: link });
    throw fuzzFailure(TARGET, seed, link, e);
  }
}

describe('fuzz: invitation links', () => {
  it('replays the corpus', () => {
    const corpus = loadCorpus<string>(TARGET);
    expect(corpus.length).toBeGreaterThan(0);
    for (const entry of corpus) run(entry.input, 'corpus');
  });

  it(`gives LINK_INVALID or an invitation for ${RANDOM_INPUTS} random and mutated links (seed ${seed})`, () => {
    for (const link of SEEDS) run(link, 'seed link');
    const rng = new Rng(seed);
    for (let i = 0; i < RANDOM_INPUTS; i++) run(mutate(rng, rng.pick(SEEDS)), `random input ${i}`);
  });
});
