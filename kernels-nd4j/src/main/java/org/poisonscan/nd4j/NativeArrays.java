package org.poisonscan.nd4j;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java float arrays and native ND4J arrays. {@code Nd4j.create(float[])} and
 * {@code DataBuffer.asFloat()} copy element by element in ND4J 1.0.0-M2.1 (they dominated a profile of the scan);
 * JavaCPP's pointer put/get are single memcpy calls.
 */
final class NativeArrays {
    private NativeArrays() {
    }

    /** A new native c-order {@code rows x cols} float array holding the first {@code rows * cols} values. */
    static INDArray fromFloats(float[] values, int rows, int cols) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        new FloatPointer(a.data().addressPointer()).put(values, 0, rows * cols);
        return a;
    }

    /** The values of a c-order float array. */
    static float[] toFloats(INDArray a) {
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        float[] out = new float[(int) c.length()];
        new FloatPointer(c.data().addressPointer()).get(out, 0, out.length);
        return out;
    }
}
