/** The model download cache: the surface other layers use. */
export { ensureModel, type EnsureModelOptions, type EnsureModelResult } from './ensure-model.js';
export { listModels, type CachedModel } from './list-models.js';
export { removeModel } from './remove-model.js';
export { modelPath, modelPaths, resolveModelsDir, type ModelPaths } from './cache-layout.js';
export { isHuggingFaceHost } from './hf-auth.js';
export type { RouteLike } from './http-get.js';
export type { RetryOptions } from './download.js';
