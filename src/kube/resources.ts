/** `resources` as requests = limits (what the recipe reserves is what it may use); the rest as warnings. */
import type { ContainerSpec } from '../recipe/model.js';
import type { Notes } from './notes.js';
import { bytesQuantity, cpuQuantity } from './quantity.js';

export function resourcesFor(spec: ContainerSpec, notes: Notes, comments: string[]): Record<string, unknown> | undefined {
  const r = spec.resources;
  const field = ['containers', spec.name, 'resources'];
  if (r.memory_swap !== null) {
    notes.warn([...field, 'memory_swap'], 'Kubernetes has no swap limit per container (swap is a node setting); only memory is limited', comments);
  }
  if (r.pids !== null) {
    notes.warn([...field, 'pids'], "Kubernetes has no pids limit per container (the kubelet's podPidsLimit is a node setting)", comments);
  }
  const values: Record<string, string> = {};
  if (r.cpus !== null) values.cpu = cpuQuantity(r.cpus);
  if (r.memory !== null) values.memory = bytesQuantity(r.memory);
  // The NVIDIA device plugin's extended resource: a count only (the scheduler picks which).
  if (typeof r.gpus === 'number') values['nvidia.com/gpu'] = String(r.gpus);
  else if (r.gpus !== undefined) notes.warn([...field, 'gpus'], 'Kubernetes takes a number of GPUs (nvidia.com/gpu), not all or ids: set resources.gpus to a count', comments);
  return Object.keys(values).length === 0 ? undefined : { limits: values, requests: { ...values } };
}
