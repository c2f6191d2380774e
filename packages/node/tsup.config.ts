import { libraryConfig } from '../../tools/tsup-base';

export default libraryConfig({ index: 'src/index.ts', client: 'src/client.ts', server: 'src/server.ts' }, { platform: 'node' });
