package org.poisonscan.api.data;

import java.util.Objects;
import java.util.Optional;

/**
 * A source that wraps another and answers every question about it with the other's answer; subclasses change how its
 * batches are read ({@link #open}).
 */
abstract class ForwardingSource implements ActivationSource {
    protected final ActivationSource source;

    ForwardingSource(ActivationSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public int dimension() {
        return source.dimension();
    }

    @Override
    public long rowCount() {
        return source.rowCount();
    }

    @Override
    public boolean hasGroundTruth() {
        return source.hasGroundTruth();
    }

    @Override
    public String description() {
        return source.description();
    }

    @Override
    public boolean valuesChecked() {
        return source.valuesChecked();
    }

    @Override
    public Optional<String> className(int label) {
        return source.className(label);
    }
}
