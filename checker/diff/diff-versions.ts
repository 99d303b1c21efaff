// What `uffd-spec diff` computes, as data: for a series of versions of a
// spec (oldest first), each version's verdicts (verdicts.ts), then for each
// consecutive pair the structural changes (structure.ts), the verdicts that
// flipped and the behaviours one allows and the other does not
// (behaviours.ts). Rendering is counterexamples/diff-text.ts and diff-json.ts.
import type { Spec } from '../../dsl/ir.js';
import { foldSpec } from '../../dsl/fold.js';
import { behaviourDiff, type BehaviourDiff } from './behaviours.js';
import { diffSpecs, type StructuralDiff } from './structure.js';
import { sameCell, settleVerdicts, type SpecVerdicts, type VerdictCell } from './verdicts.js';

export interface DiffOptions {
  readonly verdicts: boolean; // check each version
  readonly behaviour: boolean; // compare behaviours
  readonly deadlock: boolean; // count deadlock as a property
  readonly maxStates: number; // per check
  readonly maxPairs: number; // per behaviour comparison
  readonly vars?: readonly string[]; // compare behaviours over these only (default: all shared)
  readonly constants: readonly string[]; // the --const overrides, as given: the report names them
  readonly scenarios?: readonly ScenarioInput[]; // --scenario: every version checked again with more constants
  readonly raw?: boolean; // --raw: the structure of the specs as loaded, not folded (dsl/fold.ts)
}

// One --scenario NAME:A=1,B=2: the versions loaded with those constants added.
export interface ScenarioInput {
  readonly name: string;
  readonly consts: readonly string[];
  readonly specs: readonly Spec[]; // one per version, in order
}

export interface ScenarioVerdicts {
  readonly name: string;
  readonly consts: readonly string[];
  readonly verdicts: readonly SpecVerdicts[]; // one per version
}

export interface VersionInput {
  readonly file: string;
  readonly label: string;
  readonly spec: Spec;
}

export interface Version extends VersionInput {
  readonly verdicts?: SpecVerdicts;
}

export interface Flip {
  readonly name: string;
  readonly old: VerdictCell | undefined;
  readonly new: VerdictCell | undefined;
}

export interface PairReport {
  readonly old: Version;
  readonly new: Version;
  readonly structural: StructuralDiff;
  readonly flips: readonly Flip[];
  readonly behaviour: BehaviourDiff | null;
  readonly different: boolean;
  readonly incomplete: boolean;
}

export interface DiffReport {
  readonly options: DiffOptions;
  readonly versions: readonly Version[];
  readonly pairs: readonly PairReport[]; // v1->v2, v2->v3, ...
  readonly scenarios: readonly ScenarioVerdicts[]; // empty without --scenario or with --no-verdicts
  readonly different: boolean; // some pair differs
  readonly incomplete: boolean; // some search stopped at a limit
}

export function diffVersions(inputs: readonly VersionInput[], opts: DiffOptions): DiffReport {
  const versions: Version[] = inputs.map((v) => (opts.verdicts ? { ...v, verdicts: settleVerdicts(v.spec, { maxStates: opts.maxStates, deadlock: opts.deadlock }) } : { ...v }));
  const pairs: PairReport[] = [];
  for (let i = 0; i + 1 < versions.length; i++) pairs.push(comparePair(versions[i], versions[i + 1], opts));
  const settle = (spec: Spec) => settleVerdicts(spec, { maxStates: opts.maxStates, deadlock: opts.deadlock });
  const scenarios = opts.verdicts ? (opts.scenarios ?? []).map((s) => ({ name: s.name, consts: s.consts, verdicts: s.specs.map(settle) })) : [];
  return { options: opts, versions, pairs, scenarios, different: pairs.some((p) => p.different), incomplete: pairs.some((p) => p.incomplete) };
}

function comparePair(a: Version, b: Version, opts: DiffOptions): PairReport {
  // the structure is compared on the folded specs (constants decided, dead
  // branches gone) with what each changed step does differently; the
  // verdicts and behaviours on the specs as loaded (folding keeps meaning)
  const structural = opts.raw ? diffSpecs(a.spec, b.spec) : diffSpecs(foldSpec(a.spec), foldSpec(b.spec), { effects: true });
  const flips: Flip[] = [];
  if (a.verdicts && b.verdicts) {
    const names = [...new Set([...a.verdicts.rows.keys(), ...b.verdicts.rows.keys()])];
    for (const n of names) {
      const x = a.verdicts.rows.get(n)?.cell, y = b.verdicts.rows.get(n)?.cell;
      if (x?.verdict === 'unknown' || y?.verdict === 'unknown') continue;
      if (!sameCell(x, y)) flips.push({ name: n, old: x, new: y });
    }
  }
  const behaviour = opts.behaviour ? behaviourDiff(a.spec, b.spec, { maxPairs: opts.maxPairs, vars: opts.vars }) : null;
  const found = behaviour !== null && (behaviour.newNotOld.witness !== null || behaviour.oldNotNew.witness !== null);
  const incomplete = (behaviour !== null && (!behaviour.newNotOld.complete || !behaviour.oldNotNew.complete)) || !!(a.verdicts && !a.verdicts.complete) || !!(b.verdicts && !b.verdicts.complete);
  return { old: a, new: b, structural, flips, behaviour, different: structural.changes.length > 0 || flips.length > 0 || found, incomplete };
}
