package org.poisonscan.djl;

/** Receives progress of a long pass over a dataset (activation extraction, an epoch). */
@FunctionalInterface
public interface ProgressListener {

    /** Called after each batch with the rows done so far and the total. */
    void progress(long done, long total);

    /** Ignores progress. */
    static ProgressListener none() {
        return (done, total) -> { };
    }

    /**
     * Prints a line to standard error each time another tenth of the rows is done (a batch larger than a tenth passes
     * several at once), with the share actually done.
     */
    static ProgressListener stderr(String what) {
        return new ProgressListener() {
            private long lastTenth = -1;

            @Override
            public void progress(long done, long total) {
                long tenth = total == 0 ? 10 : done * 10 / total;
                if (tenth != lastTenth) {
                    lastTenth = tenth;
                    System.err.printf("%s: %d/%d rows (%d%%)%n", what, done, total,
                            total == 0 ? 100 : done * 100 / total);
                }
            }
        };
    }
}
