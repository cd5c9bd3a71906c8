/**
 * The stable text form of a plan (golden-tested): one line per container in start order,
 * what it waits for and how its readiness is judged; then the order of `down`.
 */
import type { Project, ReadySpec } from '../recipe/model.js';
import { recipeDuration } from '../shared/units.js';
import { dependentsOf, type Plan } from './plan.js';

export function describeReady(ready: ReadySpec | null): string {
  if (!ready) return 'ready when started';
  const probes: string[] = [];
  if (ready.log) probes.push(`log /${ready.log}/${ready.times > 1 ? ` x${ready.times}` : ''}`);
  if (ready.http) probes.push(`http ${ready.http.url} -> ${ready.http.status}`);
  if (ready.tcp) probes.push(`tcp ${ready.tcp.host}:${ready.tcp.port}`);
  if (ready.exec) probes.push(`exec ${JSON.stringify(ready.exec)}`);
  if (probes.length === 0) return 'ready when started';
  return `ready when ${probes.join(' and ')} (within ${recipeDuration(ready.timeout)})`;
}

export function renderPlan(plan: Plan, project: Project): string {
  const width = Math.max(0, ...plan.steps.map((s) => s.service.length));
  const lines = [`project ${plan.project}: ${plan.steps.length} container${plan.steps.length === 1 ? '' : 's'}`, 'up:'];
  plan.steps.forEach((step, i) => {
    const waits = step.waitsFor.length
      ? `after ${step.waitsFor.map((w) => `${w.service} (${w.condition.replace(/_/g, ' ')})`).join(', ')}`
      : 'at once';
    const ready = describeReady(project.containers[step.service]!.ready);
    lines.push(`  ${String(i + 1).padStart(2)}. ${step.service.padEnd(width)}  start ${waits}; ${ready}`);
  });
  lines.push('down:');
  const dependents = dependentsOf(plan);
  const downOrder = [...plan.steps].sort((a, b) => b.depth - a.depth || a.service.localeCompare(b.service));
  downOrder.forEach((step, i) => {
    const after = dependents.get(step.service) ?? [];
    const when = after.length ? `after ${after.join(', ')}` : 'at once';
    lines.push(`  ${String(i + 1).padStart(2)}. ${step.service.padEnd(width)}  stop ${when}`);
  });
  return lines.join('\n') + '\n';
}
