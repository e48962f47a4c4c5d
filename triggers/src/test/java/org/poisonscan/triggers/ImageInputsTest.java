package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.io.numpy.DenseArray;
import org.poisonscan.io.numpy.DenseArrays;
import org.poisonscan.triggers.image.ImageInputs;
import org.poisonscan.triggers.image.ImageSet;

/** Image arrays in either channel order read as the same H x W x C images. */
class ImageInputsTest {
    @TempDir
    Path dir;

    @Test
    void channelFirstArraysAreTransposedAndChannelLastOnesKept() throws IOException {
        int n = 2;
        int c = 3;
        int h = 5;
        int w = 6;
        float[] hwc = new float[n * h * w * c];
        float[] chw = new float[hwc.length];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        float v = i * 1000 + y * 100 + x * 10 + ch;
                        hwc[((i * h + y) * w + x) * c + ch] = v;
                        chw[((i * c + ch) * h + y) * w + x] = v;
                    }
                }
            }
        }
        DenseArrays.writeNpz(dir.resolve("hwc.npz"), Map.of("images", new DenseArray("hwc", new long[] {n, h, w, c},
                hwc)));
        DenseArrays.writeNpz(dir.resolve("chw.npz"), Map.of("images", new DenseArray("chw", new long[] {n, c, h, w},
                chw)));
        ImageSet a = ImageInputs.read(dir.resolve("hwc.npz"), "images");
        ImageSet b = ImageInputs.read(dir.resolve("chw.npz"), "images");
        for (ImageSet s : new ImageSet[] {a, b}) {
            assertEquals(h, s.height());
            assertEquals(w, s.width());
            assertEquals(c, s.channels());
            // Row 1, pixel (y 3, x 4), channel 2.
            assertEquals(1000 + 300 + 40 + 2, s.value(1, 3 * w + 4, 2));
        }
        // One channel first (n x 1 x H x W): a grayscale image, not a 1-pixel-high one with W channels.
        DenseArrays.writeNpz(dir.resolve("gray.npz"), Map.of("images", new DenseArray("gray",
                new long[] {1, 1, h, w}, new float[h * w])));
        ImageSet gray = ImageInputs.read(dir.resolve("gray.npz"), "images");
        assertEquals(h, gray.height());
        assertEquals(1, gray.channels());
    }
}
