/** `tempfs kube`: the recipe as Kubernetes manifests, and their local run under podman kube play. */
import type { CAC } from 'cac';
import { makeContext, type CliIO } from './context.js';
import { durationOption, stringOption } from './parse-args.js';

export function registerKubeVerbs(cli: CAC, io: CliIO): void {
  cli
    .command('kube [...containers]', 'Write Kubernetes manifests for the recipe (Deployments or Pods, Services, ConfigMaps, PVCs)')
    .option('--out <dir>', 'A folder for one file per object, or - for stdout', { default: '-' })
    .option('--pods', 'Pods instead of Deployments (a TTL becomes activeDeadlineSeconds)')
    .option('--play', 'Run them here with podman kube play (labelled and guarded like up -d); tempfs down removes them')
    .option('--down', 'Take down what --play started (as tempfs down)')
    .option('--init-image <image>', 'Image of the init containers that download models and wait (default: TEMPFS_KUBE_INIT_IMAGE, else busybox)')
    .option('--kubectl-image <image>', 'Image with kubectl, for init containers waiting for a Job (default: TEMPFS_KUBE_KUBECTL_IMAGE)')
    .option('--ttl <duration>', 'With --play: remove the Pods after this time')
    .example('tempfs kube --out k8s && kubectl apply -f k8s')
    .example('tempfs kube --play && tempfs down')
    .action(async (containers: string[], options: Record<string, unknown>) => {
      const { kubeCommand } = await import('../commands/kube.js');
      return kubeCommand(makeContext(io, options), {
        services: containers,
        out: stringOption(options.out) ?? '-',
        pods: Boolean(options.pods),
        play: Boolean(options.play),
        down: Boolean(options.down),
        initImage: stringOption(options.initImage),
        kubectlImage: stringOption(options.kubectlImage),
        ttlMs: durationOption('--ttl', options.ttl, true),
      });
    });
}
