import { libraryConfig } from '../../tools/tsup-base';

export default libraryConfig({ index: 'src/index.ts', v1: 'src/v1.ts', v2: 'src/v2.ts', hono: 'src/hono.ts' });
