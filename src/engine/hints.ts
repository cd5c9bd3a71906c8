/** The "how to fix it" sentences of engine errors, in one place so doctor and errors agree. */

export const hints = {
  podmanMissing:
    'install Podman 4.3 or newer (Debian/Ubuntu: apt-get install -y podman runc; or scripts/setup-podman.sh), or set TEMPFS_PODMAN to the podman binary',
  podmanTooOld: 'upgrade Podman to 4.3 or newer (Debian 12 ships 4.3: apt-get install -y podman runc)',
  dockerMissing:
    'install Docker 20.10 or newer (Debian/Ubuntu: apt-get install -y docker.io; or scripts/setup-docker.sh), set TEMPFS_DOCKER to the docker binary, or use Podman (--engine podman)',
  dockerDaemon:
    'start the Docker daemon (`dockerd &` as root, or `systemctl start docker`), check DOCKER_HOST / --context, or use Podman (--engine podman)',
  imageMissing:
    'build or load the image locally (podman load or docker load, podman import or docker import, scripts/test-images.sh and scripts/setup-docker.sh for the test images), or point the recipe at an image that exists',
  portInUse: 'stop what listens on that port, or change the host port in the recipe',
  nameTaken: 'remove or rename that container (podman rm -f NAME), or choose another project name with -p',
  nameOwned: 'run `tempfs down` for that project first',
  cannotRun:
    'check `podman run --rm` by hand; on hosts with hybrid cgroups set `[engine] runtime = "runc"` in containers.conf (scripts/setup-podman.sh does it)',
} as const;
