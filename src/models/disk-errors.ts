import { TempfsError } from '../errors.js';

/** File-system failures while writing a model: a full disk gets its own code and advice. */
export function writeError(e: unknown, model: string, dir: string): TempfsError {
  if (e instanceof TempfsError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new TempfsError('DISK_FULL', `model ${model}: no space left on the disk holding ${dir}`, {
      cause: e,
      hint: 'Free some space, or point TEMPFS_MODELS_DIR at a larger disk.',
    });
  }
  return new TempfsError('MODEL_DOWNLOAD', `model ${model}: cannot write ${dir}: ${(e as Error).message}`, {
    cause: e,
  });
}
