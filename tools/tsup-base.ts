// Shared tsup settings: ESM only, one bundled .d.ts per entry, no Node built-ins in core packages.
import { defineConfig, type Options } from 'tsup';

export function libraryConfig(entry: Record<string, string>, extra: Options = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
    sourcemap: false,
    minify: false,
    silent: true,
    outDir: 'dist',
    ...extra,
  });
}
