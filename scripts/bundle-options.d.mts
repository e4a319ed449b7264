import type { BuildOptions } from 'esbuild';

export declare const BUNDLED: Set<string>;
export declare const bundleOptions: BuildOptions;
