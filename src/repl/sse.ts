/**
 * Server-sent events from a fetch body: yields the `data` of each event, lines
 * joined by '\n' (as the EventSource spec says). Other fields and comments are ignored.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = '';
  let data: string[] = [];
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    // A trailing '\r' may be the first half of a '\r\n' split across chunks: hold it back.
    const held = buffer.endsWith('\r') ? '\r' : '';
    const lines = (held ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
    buffer = lines.pop()! + held;
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
    }
  }
  const last = buffer.replace(/\r$/, '');
  if (last.startsWith('data:')) data.push(last.slice(last.startsWith('data: ') ? 6 : 5));
  if (data.length > 0) yield data.join('\n');
}
