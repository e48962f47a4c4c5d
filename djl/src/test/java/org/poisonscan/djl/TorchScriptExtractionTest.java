package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;

/**
 * A TorchScript model traced by torch 1.13.1 ({@code src/test/resources/torchscript/make_fixture.py}) whose forward
 * returns {@code (logits, features)}: the extracted features match the values Python wrote.
 */
class TorchScriptExtractionTest {
    private static final Path DIR = Path.of("src/test/resources/torchscript");

    @Test
    void extractsTheFeatureOutputAsPythonComputedIt() throws IOException {
        new DjlRuntime(1, 1, 1).configure();
        float[] x = new float[5 * 4];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) (((3 * i + 5 * j) % 7 - 3) / 2.0);
            }
        }
        LabelledTensors data = new LabelledTensors(x, new long[] {4}, new int[] {0, 1, 0, 1, 0});
        List<String> expected = Files.readAllLines(DIR.resolve("tiny_features.txt"));
        try (Model model = TorchScriptModels.load(DIR.resolve("tiny_features.pt"))) {
            InMemorySource src = new ActivationExtractor(FeatureLayer.output(model.getBlock(), 1),
                    model.getNDManager(), 2, ProgressListener.none()).extract(data, null, "tiny");
            assertEquals(3, src.dimension());
            float[] f = src.open(10).next().features();
            for (int i = 0; i < 5; i++) {
                String[] row = expected.get(i).trim().split(" ");
                for (int j = 0; j < 3; j++) {
                    assertEquals(Float.parseFloat(row[j]), f[i * 3 + j], 1e-6f, "row " + i + " col " + j);
                }
            }
        }
        assertThrows(NoSuchFileException.class, () -> TorchScriptModels.load(DIR.resolve("missing.pt")));
    }
}
