package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkSettingsTest {
    @TempDir
    Path dir;

    private static String refused(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> BenchmarkSettings.parse(args)).getMessage();
    }

    @Test
    void everyValueIsCheckedBeforeAnyModelIsTrained() throws Exception {
        assertEquals("rates must be in [0, 1] (0: the clean model), got 1.5", refused("rates=0.1,1.5"));
        assertEquals("rates must be in [0, 1] (0: the clean model), got NaN", refused("rates=NaN"));
        assertEquals("rates: 'abc' is not a number", refused("rates=abc"));
        assertEquals("target must be a class in 0-9, got 10", refused("target=10"));
        assertEquals("target must be a class in 0-9, got -1", refused("target=-1"));
        assertEquals("train must be at least 1000 images (a model of every class), got -5", refused("train=-5"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("dump " + file + " is a file; a directory is needed", refused("dump=" + file));
        assertEquals("unknown attack 'trojan' (badnets, blend)", refused("attacks=trojan"));
        refused("detectors=default,bogus");
        assertEquals("filters: two counts expected (first and second convolution, e.g. 16,32), got '32'",
                refused("filters=32"));
        assertEquals("filters and hidden must be whole numbers, got '32,x' and '128'", refused("filters=32,x"));
        assertEquals("filters and hidden units must be >= 1, got 32, 64, 0", refused("filters=32,64", "hidden=0"));

        BenchmarkSettings ok = BenchmarkSettings.parse("rates=0.1, 0", "target=3", "train=3000",
                "detectors=spectral,default");
        assertEquals(List.of(0.1, 0.0), ok.rates());
        assertEquals(3, ok.target());
        assertEquals(new SmallCnn.Size(32, 64, 128), ok.model(), "the benchmark's model learns Blend in three epochs");
        assertEquals(3, ok.training().epochs());
        assertEquals(SmallCnn.Size.DEFAULT, BenchmarkSettings.parse("filters=16, 32", "hidden=64").model());
    }

    @Test
    void theModelSizeShapesTheNetwork() {
        SmallCnn.Size wide = new SmallCnn.Size(32, 64, 128);
        ai.djl.nn.SequentialBlock block = wide.build(10);
        // Sub-blocks: conv, relu, pool, conv, relu, pool, flatten, dense, relu (the penultimate), dense.
        assertEquals(SmallCnn.PENULTIMATE + 2, block.getChildren().size());
        assertEquals(32, ((ai.djl.nn.convolutional.Conv2d) block.getChildren().get(0).getValue()).getFilters());
        assertEquals(64, ((ai.djl.nn.convolutional.Conv2d) block.getChildren().get(3).getValue()).getFilters());
    }
}
