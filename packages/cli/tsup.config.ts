import { libraryConfig } from '../../tools/tsup-base';

export default [
  libraryConfig({ index: 'src/index.ts' }, { platform: 'node', clean: false }),
  libraryConfig({ bin: 'src/bin.ts' }, { platform: 'node', dts: false, clean: false, banner: { js: '#!/usr/bin/env node' } }),
];
