/** Library data in the plan's field names (id and uptime beside processId and uptimeSec). */
import type { ProcessInfo, TerminalInfo } from '../../process/index.js';

export function processView(info: ProcessInfo): Record<string, unknown> {
  return { ...info, id: info.processId, uptime: info.uptimeSec };
}

export function terminalView(info: TerminalInfo): Record<string, unknown> {
  return { ...info, name: info.terminalId };
}
