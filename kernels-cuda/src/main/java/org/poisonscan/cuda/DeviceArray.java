package org.poisonscan.cuda;

import com.sun.jna.Pointer;

/** A block of doubles in GPU memory; {@link #close()} frees it (once). */
final class DeviceArray implements AutoCloseable {
    private final CudaDevice device;
    private final Pointer pointer;
    private final long length;
    private boolean freed;

    DeviceArray(CudaDevice device, Pointer pointer, long length) {
        this.device = device;
        this.pointer = pointer;
        this.length = length;
    }

    Pointer pointer() {
        if (freed) {
            throw new IllegalStateException("device memory used after it was freed");
        }
        return pointer;
    }

    /** Capacity in doubles. */
    long length() {
        return length;
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            device.free(pointer);
        }
    }
}
