// specs/readings.md: what each failing cell means to a kernel developer,
// under one heading per cell, `### variant / scenario: Property (N steps)`.
// The text before the first heading is the readings' introduction.
export interface Readings {
  readonly intro: string;
  readonly byHeading: ReadonlyMap<string, string>; // heading (without ###) -> text
  readonly malformed: readonly string[]; // ### lines not in the cell format, with their line numbers
}

const CELL = /^(\S+) \/ (\S+): (\S+) \((\d+) steps?\)$/;

export function cellHeading(variant: string, scenario: string, property: string, steps: number): string {
  return `${variant} / ${scenario}: ${property} (${steps} step${steps === 1 ? '' : 's'})`;
}

export function parseReadings(text: string, file = 'specs/readings.md'): Readings {
  const lines = text.split('\n');
  const byHeading = new Map<string, string>();
  const malformed: string[] = [];
  const intro: string[] = [];
  let current: { heading: string; body: string[] } | null = null;
  const close = () => {
    if (!current) return;
    if (byHeading.has(current.heading)) malformed.push(`${file}: '### ${current.heading}' appears twice`);
    byHeading.set(current.heading, current.body.join('\n').trim());
  };
  lines.forEach((line, i) => {
    if (line.startsWith('### ')) {
      close();
      const heading = line.slice(4).trim();
      if (!CELL.test(heading)) malformed.push(`${file}:${i + 1}: '${line}' is not '### variant / scenario: Property (N steps)'`);
      current = { heading, body: [] };
    } else if (current) (current as { body: string[] }).body.push(line);
    else if (!line.startsWith('# ')) intro.push(line); // the file's own title stays there
  });
  close();
  // an HTML comment there is a note to the file's editors, not part of the readings
  return { intro: intro.join('\n').replace(/<!--[\s\S]*?-->/g, '').trim(), byHeading, malformed };
}
