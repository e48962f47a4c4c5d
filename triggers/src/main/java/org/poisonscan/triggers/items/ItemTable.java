package org.poisonscan.triggers.items;

import java.util.Arrays;
import java.util.List;

/**
 * Which items (tokens of a text, values of a table's features) each row holds, as sorted unique ids into a
 * vocabulary. Presence only: how often a token repeats within one row is not counted, so one long e-mail cannot
 * dominate a test. Immutable.
 */
public final class ItemTable {
    private final List<String> vocabulary;
    private final int[][] rows;

    /**
     * @param vocabulary item names by id
     * @param rows per row the ids it holds (copied, sorted, de-duplicated)
     */
    public ItemTable(List<String> vocabulary, int[][] rows) {
        this.vocabulary = List.copyOf(vocabulary);
        this.rows = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            int[] r = Arrays.stream(rows[i]).sorted().distinct().toArray();
            for (int id : r) {
                if (id < 0 || id >= vocabulary.size()) {
                    throw new IllegalArgumentException("row " + i + " holds item " + id + " outside the vocabulary of "
                            + vocabulary.size());
                }
            }
            this.rows[i] = r;
        }
    }

    /** Number of rows. */
    public int rows() {
        return rows.length;
    }

    /** Number of distinct items. */
    public int items() {
        return vocabulary.size();
    }

    /** The name of item {@code id}. */
    public String name(int id) {
        return vocabulary.get(id);
    }

    /** The ids row {@code i} holds, ascending (a copy). */
    public int[] row(int i) {
        return rows[i].clone();
    }

    /** Adds 1 to {@code counts[id]} for every item row {@code i} holds. */
    void count(int i, int[] counts) {
        for (int id : rows[i]) {
            counts[id]++;
        }
    }
}
