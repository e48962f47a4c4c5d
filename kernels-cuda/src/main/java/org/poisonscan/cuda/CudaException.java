package org.poisonscan.cuda;

/** A CUDA, cuBLAS or cuSOLVER call that returned an error status. */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CudaException(String message) {
        super(message);
    }
}
