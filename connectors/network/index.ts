export type { ByteRange } from './lines.js';
export { detectFormat, FORMAT_NAMES, FORMATS } from './detect.js';
export { GENERIC_FIELDS } from './formats/generic.js';
export { type LineProblem, type NetworkBatch, type NetworkLogFile, type NetworkReadOptions, openNetworkLog } from './read.js';
export type { LogFormat, NetworkRecord } from './types.js';
export { dayOf, hostOf } from './values.js';
