// The default plain-text counterexample: numbered steps, the action instance
// with its parameters and the kernel function it models, and only the
// variables that changed (all of them in the initial state).
import type { Trace } from '../checker/store/trace.js';
import { decodeState } from '../checker/store/trace.js';
import { valueEquals } from '../checker/compile/types.js';
import { formatValue } from './format-value.js';

export function renderTraceText(trace: Trace): string {
  const { spec, layout } = trace;
  const lines: string[] = [];
  let prev: ReturnType<typeof decodeState> | null = null;
  trace.steps.forEach((step, i) => {
    const vals = decodeState(spec, layout, step.state);
    const loop = trace.loopStart === i && trace.loopStart !== trace.steps.length - 1 ? '  <- the cycle starts here' : '';
    if (!step.action) {
      lines.push(`State ${i}: initial state${loop}`);
    } else {
      const args = step.action.args.map((a, j) => `${a.name}=${formatValue(step.action!.action.params[j].domain, a.value)}`).join(', ');
      const doc = step.action.action.doc ? `   [${firstLine(step.action.action.doc)}]` : '';
      lines.push(`State ${i}: ${step.action.name}(${args})${doc}${loop}`);
    }
    spec.vars.forEach((v, j) => {
      if (prev && valueEquals(prev[j], vals[j])) return;
      lines.push(`    ${v.name} = ${formatValue(v.type, vals[j])}`);
    });
    prev = vals;
  });
  const last = trace.steps.length - 1;
  if (trace.loopStart !== undefined) {
    lines.push(trace.loopStart === last
      ? `State ${last} repeats forever (the behaviour stutters there).`
      : `State ${last} is state ${trace.loopStart} again: the cycle repeats forever.`);
  }
  return lines.join('\n');
}

function firstLine(doc: string): string {
  return doc.split('\n')[0].trim();
}
