/** The model as YAML for `config`: its own module so the yaml package loads only for YAML output. */
import { stringify } from 'yaml';
import type { Project } from '../recipe/model.js';

export function projectYaml(project: Project): string {
  return stringify(project, { lineWidth: 0 });
}
