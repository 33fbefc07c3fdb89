import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../../common/project-root';

const SOURCE_FOLDERS = ['common', 'gateway', 'subgraphs', 'policies', 'schema', 'scripts'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of every source file, resolved to files: the project's own import graph. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(PROJECT_ROOT, folder)))) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:from|import)\s+'(\.[^']+)'/g)].map((m) => {
      const base = resolve(dirname(file), m[1] as string);
      for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
        try {
          if (statSync(candidate).isFile()) return candidate;
        } catch {
          // not this form of the path
        }
      }
      return base;
    });
    graph.set(file, targets);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

describe('the source tree', () => {
  it('has no import circles', () => {
    expect(findCycle(importGraph())?.map((file) => relative(PROJECT_ROOT, file)) ?? null).toBeNull();
  });

  it('finds a circle when there is one', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]);
    expect(findCycle(graph)).toEqual(expect.arrayContaining(['a.ts', 'b.ts', 'c.ts']));
  });

  it('keeps only main.ts, app.ts and config.ts at the gateway root: every stage has its folder', () => {
    const root = join(PROJECT_ROOT, 'gateway');
    const files = readdirSync(root).filter((name) => statSync(join(root, name)).isFile());
    expect(files.sort()).toEqual(['app.ts', 'config.ts', 'main.ts']);
  });
});
