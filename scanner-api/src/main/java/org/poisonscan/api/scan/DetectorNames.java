package org.poisonscan.api.scan;

import java.util.List;

/** Finds a detector by name among a scan's detector names, in any case (the registry takes names in any case). */
final class DetectorNames {
    private DetectorNames() {
    }

    /** The position of {@code detector} in {@code names}, or an {@link IllegalArgumentException} naming them. */
    static int indexOf(List<String> names, String detector) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(detector)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no detector '" + detector + "' in " + names);
    }
}
