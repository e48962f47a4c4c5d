package org.poisonscan.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few C functions of the CUDA toolkit this backend calls, bound through JNA. Only functions whose signatures have
 * been stable from CUDA 11 to 13 are used (the {@code _v2} cuBLAS entry points, cuSOLVER's dense symmetric solvers,
 * the runtime's memory calls), so one binding serves whichever toolkit the machine has. Every function returns a
 * status code, 0 on success.
 */
final class CudaApi {
    private CudaApi() {
    }

    /** {@code libcudart}: devices, memory, copies. */
    interface Runtime extends Library {
        int MEMCPY_HOST_TO_DEVICE = 1;
        int MEMCPY_DEVICE_TO_HOST = 2;
        int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
        int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

        int cudaGetDeviceCount(IntByReference count);

        int cudaSetDevice(int device);

        int cudaRuntimeGetVersion(IntByReference version);

        int cudaDriverGetVersion(IntByReference version);

        int cudaDeviceGetAttribute(IntByReference value, int attribute, int device);

        int cudaMemGetInfo(LongByReference free, LongByReference total);

        int cudaMalloc(PointerByReference devicePointer, long bytes);

        int cudaFree(Pointer devicePointer);

        int cudaMallocHost(PointerByReference hostPointer, long bytes);

        int cudaFreeHost(Pointer hostPointer);

        int cudaMemcpy(Pointer destination, Pointer source, long bytes, int kind);

        int cudaMemset(Pointer devicePointer, int value, long bytes);

        int cudaDeviceSynchronize();

        String cudaGetErrorString(int error);
    }

    /** {@code libcuda} (the driver): only the device's name, which the runtime gives only inside a versioned struct. */
    interface Driver extends Library {
        int cuInit(int flags);

        int cuDeviceGet(IntByReference device, int ordinal);

        int cuDeviceGetName(byte[] name, int length, int device);
    }

    /** {@code libcublas}: column-major BLAS on device memory; scalars passed from host memory. */
    interface Cublas extends Library {
        int FILL_LOWER = 0;
        int OP_N = 0;
        int OP_T = 1;

        int cublasCreate_v2(PointerByReference handle);

        int cublasDestroy_v2(Pointer handle);

        int cublasGetVersion_v2(Pointer handle, IntByReference version);

        int cublasDsyrk_v2(Pointer handle, int uplo, int trans, int n, int k, double[] alpha, Pointer a, int lda,
                double[] beta, Pointer c, int ldc);

        int cublasDgemm_v2(Pointer handle, int transa, int transb, int m, int n, int k, double[] alpha, Pointer a,
                int lda, Pointer b, int ldb, double[] beta, Pointer c, int ldc);
    }

    /** {@code libcusolver}: dense symmetric eigen-decompositions (divide and conquer). */
    interface Cusolver extends Library {
        int MODE_VECTOR = 1;
        int RANGE_INDEX = 1002;

        int cusolverDnCreate(PointerByReference handle);

        int cusolverDnDestroy(Pointer handle);

        int cusolverDnDsyevd_bufferSize(Pointer handle, int jobz, int uplo, int n, Pointer a, int lda, Pointer w,
                IntByReference lwork);

        int cusolverDnDsyevd(Pointer handle, int jobz, int uplo, int n, Pointer a, int lda, Pointer w, Pointer work,
                int lwork, Pointer info);

        int cusolverDnDsyevdx_bufferSize(Pointer handle, int jobz, int range, int uplo, int n, Pointer a, int lda,
                double vl, double vu, int il, int iu, IntByReference found, Pointer w, IntByReference lwork);

        int cusolverDnDsyevdx(Pointer handle, int jobz, int range, int uplo, int n, Pointer a, int lda, double vl,
                double vu, int il, int iu, IntByReference found, Pointer w, Pointer work, int lwork, Pointer info);
    }
}
