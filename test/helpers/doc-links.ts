/** Relative links of the Markdown files under a folder that lead nowhere: a package's guides must work where they are unpacked. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const LINK = /\]\((?![a-z][a-z0-9+.-]*:)([^)\s#]+)(?:#[^)\s]*)?\)/gi;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath, e.name));
}

/** `file -> target` for each relative link whose target is not a file inside `dir`. */
export function deadLinks(dir: string): string[] {
  const dead: string[] = [];
  for (const file of markdownFiles(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(LINK)) {
      const target = join(dirname(file), decodeURI(m[1]!));
      if (relative(dir, target).startsWith('..') || !existsSync(target)) dead.push(`${relative(dir, file)} -> ${m[1]}`);
    }
  }
  return dead;
}

/** The docs/….md paths a library message names (the generated native message table). */
export function docsNamedByLibraryMessages(root: string): string[] {
  const table = readFileSync(join(root, 'native', 'error-table.gen.c'), 'utf8');
  const named = new Set<string>();
  for (const line of table.split('\n')) {
    if (line.trimStart().startsWith('/*')) continue;
    for (const m of line.matchAll(/docs\/[A-Za-z0-9_./-]+\.md/g)) named.add(m[0]);
  }
  return [...named];
}
