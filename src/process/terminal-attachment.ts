/**
 * A person's view of a terminal (`tempfs attach`, served by host-server.ts as `watch`): its recent
 * raw output to paint the screen, then every new chunk; their keys and size go to the
 * shell, so what they type lands in its history as "attached".
 */
import type { Terminal } from './terminal.js';
import type { TerminalAttachment } from './types.js';

/** How much recent raw output an attaching person is shown first. */
const ATTACH_TAIL_CHARS = 8 * 1024;

export function attachTo(terminal: Terminal): TerminalAttachment {
  const screen = terminal.screen;
  return {
    info: terminal.info(),
    tail: screen.rawSince(screen.rawOffset - ATTACH_TAIL_CHARS),
    subscribe: (onData, onEnd) => {
      if (screen.ended) {
        onEnd();
        return () => {};
      }
      screen.on('data', onData);
      screen.once('end', onEnd);
      return () => {
        screen.off('data', onData);
        screen.off('end', onEnd);
      };
    },
    write: (data) => terminal.write(data),
    resize: (cols, rows) => terminal.resize(cols, rows),
  };
}
