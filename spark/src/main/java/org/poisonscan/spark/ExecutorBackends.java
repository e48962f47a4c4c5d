package org.poisonscan.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;

/**
 * The compute backend of each JVM that runs tasks, opened once per name and shared by its tasks (backends are
 * stateless between calls; accumulators and scratch buffers are per task). {@code auto} picks the best available
 * where the task runs: the native ND4J kernels when the {@code kernels-nd4j} jar is on the executors' class path,
 * pure Java otherwise.
 */
final class ExecutorBackends {
    private static final Map<String, ComputeBackend> OPEN = new ConcurrentHashMap<>();

    private ExecutorBackends() {
    }

    /** The backend of this JVM for {@code name}. */
    static ComputeBackend get(String name) {
        return OPEN.computeIfAbsent(name, ComputeBackends::open);
    }
}
