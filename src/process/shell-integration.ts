/**
 * Shell integration, as terminal emulators do it: the shell prints private OSC markers
 * (ESC ] 6973 ; ... BEL) that tell where a command starts and where it ended (with its
 * exit code, the cwd and the command line from history), and the terminal strips them
 * from what it shows. Nothing parses the user's command.
 *
 *   S;<bash|sh>             which shell starts (printed by the launcher script)
 *   P;<pid>                 the shell is set up; its pid (inside the container for one)
 *   C                       a command starts running (bash: PS0; sh: written before it)
 *   D;<rc>;<cwd>;<command>  a prompt follows: the last command's status, where we are now
 */
export const OSC = '\x1b]6973;';
const BEL = '\x07';
/** A marker longer than this is not one (a program printed our prefix): pass it through. */
const MAX_MARKER = 64 * 1024;

export type Marker =
  | { kind: 'S'; shell: 'bash' | 'sh' }
  | { kind: 'P'; pid: number }
  | { kind: 'C' }
  | { kind: 'D'; exitCode: number; cwd: string; command: string };

/** The line written into a fresh bash (a leading space, then history is cleared). */
export const BASH_INIT = [
  ` unset HISTFILE; HISTCONTROL=; __tempfs_d() { local rc=$?; printf '\\033]6973;D;%s;%s;' "$rc" "$PWD";`,
  `fc -ln -1 2>/dev/null; printf '\\007'; return $rc; };`,
  `PROMPT_COMMAND=__tempfs_d; PS0=$'\\033]6973;C\\007'; PS1='\\u@\\h:\\w\\$ ';`,
  `history -c; printf '\\033]6973;P;%s\\007' $$`,
].join(' ');

/** The same for sh (dash, busybox ash): the prompt carries the marker; C is written per command. */
/** Run by `sh -c`: says which shell it becomes, then becomes it (bash without rc files). */
export const LAUNCH_SCRIPT =
  "if command -v bash >/dev/null 2>&1; then printf '\\033]6973;S;bash\\007'; exec bash --norc --noprofile; " +
  "else printf '\\033]6973;S;sh\\007'; exec sh; fi";

export const SH_INIT = [
  ` __tempfs_c() { printf '\\033]6973;C\\007'; };`,
  `PS1="$(printf '\\033]6973;D;')\\$?;\\$PWD;$(printf '\\007')\\$ ";`,
  `printf '\\033]6973;P;%s\\007' $$`,
].join(' ');

export function parseMarker(body: string): Marker | undefined {
  const [kind, ...rest] = body.split(';');
  if (kind === 'S') return { kind, shell: rest[0] === 'bash' ? 'bash' : 'sh' };
  if (kind === 'P') return { kind, pid: Number(rest[0]) };
  if (kind === 'C') return { kind };
  if (kind === 'D') {
    const [rc, cwd, ...command] = rest;
    return { kind, exitCode: Number(rc), cwd: cwd ?? '', command: command.join(';').replace(/\r/g, '').trim() };
  }
  return undefined;
}

/** Splits the PTY stream into text and markers; a marker split across chunks is held. */
export class MarkerParser {
  private held = '';

  constructor(
    private readonly onText: (text: string) => void,
    private readonly onMarker: (marker: Marker) => void,
  ) {}

  push(chunk: string): void {
    let data = this.held + chunk;
    this.held = '';
    for (;;) {
      const start = data.indexOf(OSC);
      if (start === -1) break;
      const end = data.indexOf(BEL, start + OSC.length);
      if (end === -1) {
        if (data.length - start > MAX_MARKER) break;
        this.text(data.slice(0, start));
        this.held = data.slice(start);
        return;
      }
      this.text(data.slice(0, start));
      const marker = parseMarker(data.slice(start + OSC.length, end));
      if (marker) this.onMarker(marker);
      data = data.slice(end + 1);
    }
    // Hold a tail that may be the start of a marker.
    const keep = partialPrefix(data);
    this.text(data.slice(0, data.length - keep));
    this.held = data.slice(data.length - keep);
  }

  private text(text: string): void {
    if (text !== '') this.onText(text);
  }
}

/** Length of the longest tail of `data` that is a proper prefix of OSC. */
function partialPrefix(data: string): number {
  for (let n = Math.min(OSC.length - 1, data.length); n > 0; n--) {
    if (OSC.startsWith(data.slice(data.length - n))) return n;
  }
  return 0;
}
