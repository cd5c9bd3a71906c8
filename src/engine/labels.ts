/**
 * Ownership by label: every object tempfs creates carries the project, service and
 * session labels, and state is read back from Podman by filtering on them.
 */
import { TempfsError } from '../errors.js';
import { Labels, type LabelFilter } from './engine.js';

/** `--label k=v` pairs, in the order given. */
export function labelArgs(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

/** The filter's labels as `k=v`, in the order of Labels. */
export function labelPairs(filter: LabelFilter): string[] {
  return (Object.keys(filter) as (keyof typeof Labels)[]).filter((key) => filter[key] !== undefined).map((key) => `${Labels[key]}=${filter[key]}`);
}

/** `--filter label=k=v` pairs; Podman ANDs them for containers and networks (not for volumes: see listVolumes). */
export function labelFilterArgs(filter: LabelFilter): string[] {
  return asFilterArgs(labelPairs(filter));
}

function asFilterArgs(pairs: readonly string[]): string[] {
  return pairs.flatMap((pair) => ['--filter', `label=${pair}`]);
}

/** The ownership labels of a project object (network, volume) or of one service's container. */
export function ownerLabels(project: string, session: string, service?: string): Record<string, string> {
  return {
    [Labels.project]: project,
    [Labels.session]: session,
    ...(service === undefined ? {} : { [Labels.service]: service }),
  };
}

/** True when a label set says tempfs created the object for this project. */
export function ownedBy(labels: Record<string, string> | null | undefined, project: string): boolean {
  return labels?.[Labels.project] === project;
}

/** The labels of a removal: at least one, since none would select every container of the machine. */
export function removalLabelPairs(filter: LabelFilter): string[] {
  const pairs = labelPairs(filter);
  if (pairs.length === 0) throw new TempfsError('INTERNAL', 'a removal by label needs at least one label');
  return pairs;
}

/** The filter of a removal by label, as `--filter` flags (see removalLabelPairs). */
export function removalFilterArgs(filter: LabelFilter): string[] {
  return asFilterArgs(removalLabelPairs(filter));
}
