package org.poisonscan.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.ComputeBackendProvider;
import org.poisonscan.api.backend.ComputeBackends;

/** Discovery and refusal, which run on every machine; {@link CudaParityTest} needs a GPU. */
class CudaBackendProviderTest {

    @Test
    void theProviderIsFoundAndRanksAboveTheCpuBackends() {
        ComputeBackendProvider cuda = ComputeBackends.providers().stream()
                .filter(p -> p.name().equals("cuda")).findFirst().orElseThrow();
        assertEquals("cuda", ComputeBackends.providers().get(0).name(), "highest priority first");
        assertEquals(20, cuda.priority());
    }

    @Test
    void withoutADriverTheProbeSaysWhyAndLoadsNothing(@org.junit.jupiter.api.io.TempDir Path dir) {
        ComputeBackendProvider.Probe probe = CudaBackendProvider.probe(dir.resolve("no-driver"));
        assertFalse(probe.available());
        assertTrue(probe.detail().contains("no NVIDIA driver"), probe.detail());
    }

    @Test
    void aDriverWithoutTheToolkitIsUnavailableNotAnError(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path driver = java.nio.file.Files.writeString(dir.resolve("version"), "NVRM version: test\n");
        ComputeBackendProvider.Probe probe = CudaBackendProvider.probe(driver);
        if (!probe.available()) {
            assertTrue(probe.detail().contains("did not load") || probe.detail().contains("no GPU")
                    || probe.detail().contains("cudaGetDeviceCount"), probe.detail());
        }
    }

    @Test
    void namingItWhereItCannotRunGivesTheReason() {
        ComputeBackendProvider.Probe probe = new CudaBackendProvider().probe();
        if (probe.available()) {
            assertEquals("cuda", ComputeBackends.open("cuda").name());
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeBackends.open("cuda"));
        assertTrue(e.getMessage().contains("'cuda' is not available"), e.getMessage());
        assertNotEquals("cuda", ComputeBackends.open("auto").name(), "automatic choice skips it");
    }

    @Test
    void versionNumbersReadAsCudaWritesThem() {
        assertEquals("13.0", CudaDevice.version(13000));
        assertEquals("12.4", CudaDevice.version(12040));
        assertEquals("11.8", CudaDevice.version(11080));
    }
}
