package org.poisonscan.djl;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads a TorchScript file ({@code torch.jit.trace} or {@code torch.jit.script}) with DJL's PyTorch engine, for
 * activation extraction with {@link FeatureLayer#output}: export the model so that its forward returns the features as
 * one of its outputs, for example {@code return logits, features}.
 */
public final class TorchScriptModels {
    private TorchScriptModels() {
    }

    /**
     * Loads {@code file} (a {@code .pt} file). The caller closes the model.
     *
     * @throws NoSuchFileException when the file is missing
     * @throws IOException when PyTorch cannot read it
     */
    public static Model load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "TorchScript file missing");
        }
        String name = file.getFileName().toString();
        String prefix = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
        Model model = Model.newInstance(prefix, "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), prefix);
            return model;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException(file + ": not a TorchScript model PyTorch can load: " + e.getMessage(), e);
        }
    }
}
