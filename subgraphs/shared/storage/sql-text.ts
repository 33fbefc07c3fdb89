/**
 * Splits SQL text into code and the parts that are not code (string literals, quoted
 * identifiers, dollar-quoted bodies, comments), so that rewriting the code (parameters, column
 * types) never touches a literal or a quoted alias.
 */
export function mapSqlCode(text: string, mapCode: (code: string) => string): string {
  let out = '';
  let code = '';
  let i = 0;
  const flush = () => {
    out += mapCode(code);
    code = '';
  };
  while (i < text.length) {
    const rest = text.slice(i);
    const end = verbatimEnd(text, i, rest);
    if (end === null) {
      code += text[i];
      i += 1;
      continue;
    }
    flush();
    out += text.slice(i, end);
    i = end;
  }
  flush();
  return out;
}

/** Where a verbatim part starting at `i` ends, or null when code starts there. */
function verbatimEnd(text: string, i: number, rest: string): number | null {
  const c = text[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    for (;;) {
      const close = text.indexOf(c, j);
      if (close < 0) return text.length;
      if (text[close + 1] === c) j = close + 2; // a doubled quote stays inside
      else return close + 1;
    }
  }
  if (rest.startsWith('--')) {
    const newline = text.indexOf('\n', i);
    return newline < 0 ? text.length : newline;
  }
  if (rest.startsWith('/*')) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  const dollar = /^\$([A-Za-z_]*)\$/.exec(rest);
  if (dollar) {
    const close = text.indexOf(dollar[0], i + dollar[0].length);
    return close < 0 ? text.length : close + dollar[0].length;
  }
  return null;
}

/** A named parameter in code: `@name`. */
const PARAMETER = /@([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Rewrites `@name` parameters to PostgreSQL's `$1, $2 ...` (one number per distinct name) and
 * returns the names in number order, to build the values array from a parameters object.
 */
export function numberParameters(text: string): { text: string; names: string[] } {
  const names: string[] = [];
  const numbered = mapSqlCode(text, (code) =>
    code.replace(PARAMETER, (_match, name: string) => {
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      return `$${index + 1}`;
    }),
  );
  return { text: numbered, names };
}
