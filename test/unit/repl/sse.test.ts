import { describe, expect, it } from 'vitest';
import { sseData } from '../../../src/repl/sse.js';

function stream(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const data of sseData(stream(chunks))) out.push(data);
  return out;
}

describe('sseData', () => {
  it('yields the data of each event, joining multi-line data, skipping comments and other fields', async () => {
    expect(await collect([': keep-alive\n\nevent: x\ndata: one\ndata: two\nid: 3\n\ndata:three\n\n'])).toEqual([
      'one\ntwo',
      'three',
    ]);
  });

  it('handles events and CRLF line ends split across chunks', async () => {
    expect(await collect(['da', 'ta: a\r', '\ndata: b\r\n', '\r\ndata: [DONE]\r\n\r\n'])).toEqual(['a\nb', '[DONE]']);
  });

  it('yields a last event that lacks its blank line', async () => {
    expect(await collect(['data: x\n\ndata: tail'])).toEqual(['x', 'tail']);
  });
});
