/** The native compute backend on ND4J (OpenBLAS GEMM, LAPACK syev; CUDA through the {@code cuda} Maven profile). */
package org.poisonscan.nd4j;
