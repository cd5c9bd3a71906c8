/** Byte counts, CPUs and durations in the forms the Kubernetes API takes. */

const UNITS: [string, number][] = [
  ['Ti', 1024 ** 4],
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
];

/** `6Gi` when it divides evenly, else plain bytes. */
export function bytesQuantity(bytes: number): string {
  for (const [unit, size] of UNITS) if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

/** Bytes rounded up to whole GiB (storage requests), at least 1Gi. */
export function storageQuantity(bytes: number): string {
  return `${Math.max(1, Math.ceil(bytes / 1024 ** 3))}Gi`;
}

/** `4`, or millicores (`500m`) for a fraction. */
export function cpuQuantity(cpus: number): string {
  return Number.isInteger(cpus) ? String(cpus) : `${Math.round(cpus * 1000)}m`;
}

/** Whole seconds, rounded up, at least `min`. */
export function seconds(ms: number, min = 1): number {
  return Math.max(min, Math.ceil(ms / 1000));
}
