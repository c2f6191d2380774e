import { libraryConfig } from '../../tools/tsup-base';

export default libraryConfig({ index: 'src/index.ts', arbitraries: 'src/arbitraries.ts' }, { external: ['fast-check'] });
