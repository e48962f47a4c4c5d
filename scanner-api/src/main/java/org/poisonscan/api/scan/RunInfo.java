package org.poisonscan.api.scan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Provenance of a scan: what ran, where, with which parameters, and how long each step took.
 *
 * @param poisonscanVersion this library's version
 * @param javaVersion the JVM's version
 * @param os operating system name and version
 * @param arch CPU architecture
 * @param backend name of the compute backend that ran
 * @param backendDetail its description
 * @param parameters per detector name, its parameters (copied read-only to any depth)
 * @param timingsMillis named steps and their wall time in milliseconds
 */
public record RunInfo(String poisonscanVersion, String javaVersion, String os, String arch, String backend,
        String backendDetail, Map<String, Map<String, Object>> parameters, Map<String, Long> timingsMillis) {
    public RunInfo {
        parameters = org.poisonscan.api.detect.ReportValues.frozenMap(parameters);
        timingsMillis = Collections.unmodifiableMap(new LinkedHashMap<>(timingsMillis));
    }

    /** This library's version, from the jar manifest when packaged. */
    public static String libraryVersion() {
        String v = RunInfo.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
