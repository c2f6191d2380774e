import { libraryConfig } from '../../tools/tsup-base';

export default libraryConfig({ index: 'src/index.ts', 'store-tests': 'src/store-tests.ts', mount: 'src/mount.ts' });
