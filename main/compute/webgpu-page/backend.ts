import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendName } from '../../../src/common/api';
import { firstWorkingBackend } from '../../../src/engine/compute/backend-choice';
import type { BackendLoader } from '../../../src/engine/compute/worker-body';

interface GpuLike {
  requestAdapter(options: { powerPreference: 'high-performance' }): Promise<unknown>;
}

/**
 * Backends in the compute window: WebGPU, which reaches AMD, Intel and Apple GPUs through the
 * system's own graphics stack (Vulkan, D3D12, Metal), and the plain-JS cpu backend.
 */
export const loadWindowBackend: BackendLoader = (order) =>
  firstWorkingBackend(tf as never, order, async (backend: BackendName) => {
    if (backend === 'webgpu') {
      const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
      if (!gpu) throw new Error('this window offers no WebGPU');
      // TF.js asks for an adapter too, but a missing one then reads as a bare "initialization failed".
      if (!(await gpu.requestAdapter({ powerPreference: 'high-performance' }))) throw new Error('WebGPU found no usable GPU adapter');
    } else if (backend !== 'cpu') {
      throw new Error(`${backend} does not run in the compute window`);
    }
    if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not initialise`);
  });
