/**
 * Model output is text, not terminal control: a random or hostile model can emit ESC
 * sequences (clear the screen, retitle the window, hide the cursor), BEL, backspaces or a
 * lone CR that overwrites what was printed. Every C0 control but newline and tab, DEL, and
 * the C1 controls (U+0080-U+009F, which some terminals also obey) are shown escaped instead.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with each control character but \n and \t written as `\xNN` (visible, not obeyed). */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
