package org.poisonscan.pipeline;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Keeps the records of a stream whose row flag has a given value, pairing the i-th record with row i. */
final class PositionalFilter {
    private PositionalFilter() {
    }

    static <T> Stream<T> keep(Stream<T> records, boolean[] flags, boolean keepFlagged) {
        Iterator<T> source = records.iterator();
        Iterator<T> kept = new Iterator<>() {
            private int index;
            private T next;
            private boolean ready;

            @Override
            public boolean hasNext() {
                while (!ready) {
                    if (!source.hasNext()) {
                        if (index != flags.length) {
                            throw tooFew(index, flags.length);
                        }
                        return false;
                    }
                    T record = source.next();
                    if (index >= flags.length) {
                        throw tooMany(flags.length);
                    }
                    if (flags[index++] == keepFlagged) {
                        next = record;
                        ready = true;
                    }
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                T record = next;
                next = null;
                return record;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(kept, Spliterator.ORDERED), false)
                .onClose(records::close);
    }

    static IllegalArgumentException tooMany(int rows) {
        return new IllegalArgumentException("more records than the " + rows + " scanned rows; records are matched to"
                + " rows by position");
    }

    static IllegalArgumentException tooFew(int records, int rows) {
        return new IllegalArgumentException(records + " records for " + rows + " scanned rows; records are matched to"
                + " rows by position");
    }
}
