package org.poisonscan.spark;

import java.util.function.Supplier;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Surfaces input errors from Spark jobs. A row that cannot be scanned throws {@link InvalidInputException} in a task;
 * Spark reports it as a job failure ({@code SparkException: Job aborted due to stage failure ...}) with the task's
 * exception somewhere in the cause chain. Users should see the message that names the column and the row, as the
 * single-machine scanner shows it, so the input error is rethrown as such, with Spark's failure as its cause.
 */
final class SparkFailures {
    private SparkFailures() {
    }

    /** Runs a Spark action, rethrowing an input error found in its failure as an {@link InvalidInputException}. */
    static <T> T unwrap(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof InvalidInputException bad) {
                    throw new InvalidInputException(bad.getMessage(), e);
                }
            }
            throw SparkFailures.<RuntimeException>sneaky(e);
        }
    }

    /** Rethrows a checked exception Spark threw without declaring it (its Scala code declares none). */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}
