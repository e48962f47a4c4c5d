/**
 * The GPU compute backend ({@code --backend cuda}): the CUDA toolkit's cuBLAS and cuSOLVER, called through JNA, in
 * double precision. See {@link org.poisonscan.cuda.CudaComputeBackend}.
 */
package org.poisonscan.cuda;
