import { streamfoldTestConfig } from '../../vitest.shared.ts';

export default streamfoldTestConfig();
