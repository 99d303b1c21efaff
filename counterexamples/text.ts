// The default plain-text counterexample: numbered steps, the action instance
// with its parameters and the kernel function it models, and only the
// variables that changed. The initial state lists the variables that matter
// (visible.ts: changed by a step or read by the property), the rest counted.
import type { Trace } from '../checker/store/trace.js';
import { decodeTrace, namedArgs } from './decoded.js';
import { formatValue } from './format-value.js';
import { leftOutLine, visibility, type ShowFlags } from './visible.js';

export interface TextOptions extends ShowFlags {
  readonly reads?: readonly number[]; // variables the violated property reads
  readonly property?: string; // its name, for the ghosts shown at the end
}

export function renderTraceText(trace: Trace, opts: TextOptions = {}): string {
  const t = decodeTrace(trace);
  const { spec, steps } = t;
  const vis = visibility(spec, steps.slice(1).flatMap((s) => s.changed), opts.reads ?? [], opts);
  const lines: string[] = [];
  const show = (i: number, values: readonly unknown[]): void => { lines.push(`    ${spec.vars[i].name} = ${formatValue(spec.vars[i].type, values[i] as never)}`); };
  steps.forEach((step, i) => {
    const loop = t.loopStart === i && t.loopStart !== steps.length - 1 ? '  <- the cycle starts here' : '';
    if (!step.action) {
      lines.push(`State ${i}: initial state${loop}`);
      for (const j of vis.initially) show(j, step.values);
      const left = leftOutLine(vis);
      if (left) lines.push(`    ${left}`);
      return;
    }
    const a = step.action;
    const args = namedArgs([...a.args, ...a.picks]); // the parameters, then what its `with`s picked
    const doc = a.action.doc ? `   [${firstLine(a.action.doc)}]` : '';
    lines.push(`State ${i}: ${a.name}(${args})${doc}${loop}`);
    for (const j of step.changed) if (vis.inSteps(j)) show(j, step.values);
  });
  const last = steps.length - 1;
  if (vis.ghostsAtEnd.length && last >= 0) {
    lines.push(`Ghost variables ${opts.property ? `that ${opts.property} reads` : 'read'}, in state ${last}:`);
    for (const j of vis.ghostsAtEnd) show(j, steps[last].values);
  }
  if (t.loopStart !== undefined) {
    lines.push(t.loopStart === last
      ? `State ${last} repeats forever (the behaviour stutters there).`
      : `State ${last} is state ${t.loopStart} again: the cycle repeats forever.`);
  }
  return lines.join('\n');
}

function firstLine(doc: string): string {
  return doc.split('\n')[0].trim();
}
