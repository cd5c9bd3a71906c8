/** A person on the terminal host's socket, as `tempfs attach` is: watch a terminal, type into it, see its answer. */
import { watchTerminal } from '../../src/process/index.js';

/** Types `keys` into `terminal` and resolves once its output shows `expected` (rejects after `ms`). */
export async function typeInto(socketPath: string, terminal: string, keys: string, expected: string, ms = 20_000): Promise<void> {
  let seen = '';
  let timer: NodeJS.Timeout | undefined;
  let onSeen = () => {};
  const shown = new Promise<void>((resolve, reject) => {
    onSeen = () => seen.includes(expected) && resolve();
    timer = setTimeout(() => reject(new Error(`terminal ${terminal} did not show ${expected} within ${ms} ms; it showed: ${seen.slice(-500)}`)), ms);
  });
  const person = await watchTerminal(socketPath, {
    terminal,
    onData: (text) => {
      seen += text;
      onSeen();
    },
  });
  if (!person) {
    clearTimeout(timer);
    throw new Error(`no terminal host listens on ${socketPath}`);
  }
  try {
    person.keys(keys);
    await shown;
  } finally {
    clearTimeout(timer);
    person.close();
  }
}
