/** Library data as the tools reply with it: the plan's field names (id and uptime beside processId and uptimeSec), the status beside. */
import type { ProcessControl, ProcessInfo, ProcessStatus, TerminalInfo } from '../process/index.js';

export function processView(info: ProcessInfo): Record<string, unknown> {
  return { ...info, id: info.processId, uptime: info.uptimeSec };
}

export function terminalView(info: TerminalInfo): Record<string, unknown> {
  return { ...info, name: info.terminalId };
}

/** The `status` beside a reply about `id`: a process's or terminal command's; none for a whole terminal. */
export async function statusUnlessTerminal(manager: ProcessControl, id: string): Promise<{ status?: ProcessStatus }> {
  return (await manager.terminalList()).some((t) => t.terminalId === id) ? {} : { status: (await manager.status(id)).status };
}
