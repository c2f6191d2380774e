import { libraryConfig } from '../../tools/tsup-base';

export default libraryConfig({ index: 'src/index.ts', device: 'src/device.ts' });
