// The one place that decides how a counterexample is shown: every output
// format, by name. The CLI picks a format; only counterexamples/ formats traces.
import type { CheckResult, Violation } from '../checker/result.js';
import type { Spec } from '../dsl/ir.js';
import { counterexampleJson, itfJson, resultJson, stringify } from './json.js';
import { renderViolationHtml } from './html.js';
import { renderNoViolationLkml, renderViolationLkml } from './lkml.js';
import { renderTraceText } from './text.js';
import { violationVars } from './describe.js';
import type { ShowFlags } from './visible.js';

export const FORMATS = ['text', 'lkml', 'json', 'itf', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

// File name ending for --out: mmap_changing.ChildSeesData.itf.json
export const EXTENSIONS: Record<Format, string> = { text: 'txt', lkml: 'lkml.txt', json: 'json', itf: 'itf.json', html: 'html' };

// One counterexample in a format, as the content of its own file. `show`
// (--show-ghosts, --show-all) matters to text, lkml and html only: json and itf
// carry every variable.
export function renderCounterexample(spec: Spec, v: Violation, format: Format, show: ShowFlags = {}): string {
  switch (format) {
    case 'text': return renderTraceText(v.trace, { ...show, reads: violationVars(spec, v), ...(v.kind === 'invariant' || v.kind === 'property' || v.kind === 'action-property' ? { property: v.name } : {}) });
    case 'lkml': return renderViolationLkml(v, undefined, show);
    case 'json': return stringify(counterexampleJson(spec, v));
    case 'itf': return stringify(itfJson(v));
    case 'html': return renderViolationHtml(v, show);
  }
}

// What `check --format F` prints on stdout for a whole result, for the
// formats that replace the text summary; null for text (the CLI's summary)
// and for itf without a counterexample (there is no trace to print).
export function renderResultAs(spec: Spec, r: CheckResult, format: Format, show: ShowFlags = {}): string | null {
  switch (format) {
    case 'text': return null;
    case 'json': return stringify(resultJson(spec, r));
    case 'itf': return r.violation ? stringify(itfJson(r.violation)) : null;
    case 'html': return r.violation ? renderViolationHtml(r.violation, show) : null;
    case 'lkml': {
      if (r.violations?.length) return r.violations.map((x) => renderViolationLkml(x, undefined, show)).join('\n\n'); // --continue
      if (r.violation) return renderViolationLkml(r.violation, undefined, show);
      const verdict = r.outcome === 'ok' ? 'every checked property holds' : 'the search stopped at a limit before finishing';
      return renderNoViolationLkml(spec, verdict);
    }
  }
}
