// User patterns (ready.log, wait) on re2js against V8's RegExp: the cost per log line of
// an ordinary pattern, a 1 MB line, and the catastrophic `(a+)+$` (V8 only on a short
// input, in a worker with a deadline, since it does not come back). Runs against dist/:
//   npm run build && node bench/user-pattern.mjs
import { Worker } from 'node:worker_threads';
import { compileUserPattern } from '../dist/shared/user-pattern.js';

const line = 'main: server is listening on http://0.0.0.0:8080 - starting the main loop';
const other = 'load_tensors: offloading 24 repeating layers to GPU, 12345 bytes';
const source = '(llama_server: listening on|server is listening on) http://';

function perLine(label, test, n = 200_000) {
  for (let i = 0; i < 1000; i++) test(other);
  const t = performance.now();
  for (let i = 0; i < n; i++) test(i % 100 === 0 ? line : other);
  const us = ((performance.now() - t) * 1000) / n;
  console.log(`${label}: ${us.toFixed(2)} µs per line`);
}

const re2 = compileUserPattern(source);
const v8 = new RegExp(source);
perLine('re2js, ordinary pattern', (l) => re2.test(l));
perLine('V8 RegExp, ordinary pattern', (l) => v8.test(l));

const bomb = compileUserPattern('(a+)+$');
let t = performance.now();
bomb.test('a'.repeat(40) + 'b');
console.log(`re2js, (a+)+$ on 40 a + b: ${(performance.now() - t).toFixed(1)} ms`);
t = performance.now();
bomb.test('a'.repeat(1_000_000) + 'b');
console.log(`re2js, (a+)+$ on a 1 MB line: ${(performance.now() - t).toFixed(0)} ms`);

const deadlineMs = 10_000;
const code = `const { parentPort } = require('node:worker_threads'); /(a+)+$/.test('a'.repeat(40) + 'b'); parentPort.postMessage('done');`;
const worker = new Worker(code, { eval: true });
t = performance.now();
const outcome = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve(`no answer after ${deadlineMs / 1000} s (stopped)`), deadlineMs);
  worker.once('message', () => {
    clearTimeout(timer);
    resolve(`${(performance.now() - t).toFixed(0)} ms`);
  });
});
await worker.terminate();
console.log(`V8 RegExp, (a+)+$ on 40 a + b: ${outcome}`);
