const MAGIC = /[*?[{]/;

export const isGlob = (pattern: string) => MAGIC.test(pattern);

/**
 * The fixed leading directories of a glob (its segments before the first wildcard), as written, with a
 * trailing slash: a walk starts there, and a walked path is that prefix plus its path below it. Shells
 * expand unquoted globs themselves; this is for quoted ones and for shells that do not.
 */
export function globPrefix(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isGlob(segment)) break;
    fixed.push(segment);
  }
  return fixed.length === 0 ? '' : `${fixed.join('/')}/`;
}

/**
 * A glob as a regular expression over `/`-separated paths: `*` and `?` stay within a segment, `**`
 * crosses segments, `{a,b}` is either, `[...]` is a character class.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      const wholeSegment = (i === 0 || pattern[i - 1] === '/') && (pattern[i + 2] === '/' || i + 2 === pattern.length);
      if (wholeSegment && pattern[i + 2] === '/') {
        source += '(?:[^/]+/)*';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else if (char === '{') {
      braces++;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else source += char.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
