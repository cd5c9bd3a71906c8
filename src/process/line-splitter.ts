/** The line splitter moved to shared/ (engine/ reads `podman logs` with it too). */
export { DEFAULT_MAX_LINE, LineSplitter } from '../shared/line-splitter.js';
