package org.poisonscan.spectral;

/**
 * What SPECTRE learned about one scanned class, folded into the activation space: a row {@code x} scores
 * {@code |basis (x - center)|^2}, its QUE score at the chosen k ({@code basis = M^(1/2) W P_k}, with {@code P_k} the
 * class's top k principal directions, {@code W} the robust whitening and {@code center} the robust mean mapped back).
 *
 * @param label class label
 * @param center centre in activation space ({@code d} values)
 * @param basis row-major {@code k x d}
 * @param k rows of {@code basis}
 * @param threshold the clean tail's QUE score quantile at the flag budget
 * @param flagThreshold QUE score above which a row is flagged when the class is judged poisoned: the clean tail's
 *     quantile at {@link SpectreConfig#poisonedClassTail()} where poisons overlap the clean tail, {@code threshold}
 *     otherwise
 * @param flagging whether the class is judged poisoned, so that its rows above {@code flagThreshold} are flagged
 * @param escalates whether its rows above the threshold may be flagged when another detector judges the class
 *     poisoned: the group above the threshold is a minority of enough rows and the robust filter fitted the class
 */
record SpectreModel(int label, double[] center, double[] basis, int k, double threshold, double flagThreshold,
        boolean flagging, boolean escalates)
        implements java.io.Serializable {
    SpectreModel {
        center = center.clone();
        basis = basis.clone();
    }

    @Override
    public double[] center() {
        return center.clone();
    }

    @Override
    public double[] basis() {
        return basis.clone();
    }

    /** The centre, shared (callers must not modify it). */
    double[] centerView() {
        return center;
    }

    /** The basis, shared (callers must not modify it). */
    double[] basisView() {
        return basis;
    }
}
