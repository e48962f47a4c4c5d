package org.poisonscan.triggers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Adds (or replaces) one top-level section of an existing {@code report.json}, keeping every other key, its order and
 * its values; written under a temporary name and renamed, so a reader never sees half a report.
 */
final class ReportUpdate {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportUpdate() {
    }

    /** Sets {@code key} of {@code report}'s root object to {@code section}. */
    static void put(Path report, String key, Map<String, Object> section) throws IOException {
        ObjectNode root = (ObjectNode) ScanOutputReader.readJson(report);
        root.set(key, MAPPER.valueToTree(section));
        Path tmp = report.resolveSibling(report.getFileName() + ".partial");
        try {
            MAPPER.writeValue(tmp.toFile(), root);
            Files.move(tmp, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
