/** Test doubles for the terminal layer: a scripted container and a context that records output. */
import { PassThrough } from 'node:stream';
import type {
  ReplCommand,
  ReplContainer,
  ReplContext,
  ReplExecOptions,
  ReplExecResult,
} from '../../../src/repl/command.js';

export interface FakeContainer extends ReplContainer {
  calls: { argv: string[]; options?: ReplExecOptions }[];
  interactive: string[][];
}

/** A container whose exec answers with `answer(argv)`; `sleep` waits for the abort signal. */
export function fakeContainer(
  answer: (argv: string[]) => Partial<ReplExecResult> = () => ({}),
): FakeContainer {
  const calls: FakeContainer['calls'] = [];
  const interactive: string[][] = [];
  return {
    name: 'demo-box-1',
    service: 'box',
    calls,
    interactive,
    async exec(argv, options) {
      calls.push({ argv, options });
      if (argv.includes('sleep 100')) {
        await new Promise((_, reject) =>
          options?.signal?.addEventListener('abort', () => reject(new Error('killed')), { once: true }),
        );
      }
      return { exitCode: 0, stdout: '', stderr: '', ...answer(argv) };
    },
    async execInteractive(argv) {
      interactive.push(argv);
      return 0;
    },
    async logs(n) {
      return Array.from({ length: n }, (_, i) => `line ${i + 1}`);
    },
  };
}

export interface RecordingContext extends ReplContext {
  text(): string;
  exited: boolean;
}

export function recordingContext(
  container: ReplContainer,
  extra: { commands?: ReplCommand[]; llamaUrl?: string; signal?: AbortSignal } = {},
): RecordingContext {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ctx: RecordingContext = {
    container,
    project: { name: 'demo', dir: '/tmp/demo', services: ['box'] },
    llamaUrl: extra.llamaUrl,
    output,
    signal: extra.signal ?? new AbortController().signal,
    print: (t) => output.write(t.endsWith('\n') ? t : `${t}\n`),
    commands: extra.commands ?? [],
    exit: () => (ctx.exited = true),
    color: false,
    text: () => text,
    exited: false,
  };
  return ctx;
}
