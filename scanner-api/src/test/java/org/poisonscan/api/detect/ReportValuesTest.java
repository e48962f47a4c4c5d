package org.poisonscan.api.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.scan.RunInfo;

class ReportValuesTest {
    @Test
    void aClassResultsNestedDetailsCannotBeChangedThroughTheResultOrItsSource() throws Exception {
        List<Object> sizes = new ArrayList<>(List.of(570L, 30L));
        Map<String, Object> byDims = new LinkedHashMap<>();
        byDims.put("1", 5.33);
        byDims.put("4", List.of(1.0, 2.0));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cluster_sizes", sizes);
        details.put("criterion_by_dims", byDims);
        ClassResult r = new ClassResult(0, 600, Verdict.POISONED, "s", 1, 2, "why", details);

        sizes.set(0, 999L);
        byDims.put("9", 1.0);
        assertEquals(List.of(570L, 30L), r.details().get("cluster_sizes"), "a copy, not the caller's list");
        assertEquals(List.of("1", "4"), List.copyOf(((Map<?, ?>) r.details().get("criterion_by_dims")).keySet()));

        @SuppressWarnings("unchecked")
        List<Object> held = (List<Object>) r.details().get("cluster_sizes");
        assertThrows(UnsupportedOperationException.class, () -> held.set(0, 1L));
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) r.details().get("criterion_by_dims");
        assertThrows(UnsupportedOperationException.class, () -> nested.put("1", -1.0));
        @SuppressWarnings("unchecked")
        List<Object> deeper = (List<Object>) nested.get("4");
        assertThrows(UnsupportedOperationException.class, () -> deeper.add(3.0));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(r, in.readObject(), "still serialisable");
        }
    }

    @Test
    void aRunsDetectorParametersCannotBeChanged() {
        Map<String, Object> spectral = new LinkedHashMap<>(Map.of("seed", 1L));
        RunInfo info = new RunInfo("v", "17", "linux", "amd64", "java", "java", Map.of("spectral", spectral),
                Map.of());
        spectral.put("seed", 42L);
        assertEquals(1L, info.parameters().get("spectral").get("seed"));
        assertThrows(UnsupportedOperationException.class, () -> info.parameters().get("spectral").put("seed", 42L));
    }
}
