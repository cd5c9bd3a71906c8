/**
 * The two-process test runs `ensureModel` in plain `node` children, which cannot load
 * TypeScript: transpile src/models (and errors.ts and shared/, which it imports) into a temp folder,
 * keeping the layout so the `.js` imports resolve. No type check: tsc covers that.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '../../..');

export async function compileModels(outDir: string): Promise<string> {
  const files = [
    ...(await readdir(join(ROOT, 'src/models'))).filter((f) => f.endsWith('.ts')).map((f) => `src/models/${f}`),
    'src/errors.ts',
    // shared/ is the leaf every room may use (it imports nothing of ours): all of it.
    ...(await readdir(join(ROOT, 'src/shared'))).filter((f) => f.endsWith('.ts')).map((f) => `src/shared/${f}`),
  ];
  for (const file of files) {
    const source = await readFile(join(ROOT, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2023 },
      fileName: file,
    });
    const out = join(outDir, file.replace(/\.ts$/, '.js'));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  await writeFile(join(outDir, 'package.json'), '{"type":"module"}\n');
  return join(outDir, 'src/models/index.js');
}
