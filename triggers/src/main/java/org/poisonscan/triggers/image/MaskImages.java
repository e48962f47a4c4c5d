package org.poisonscan.triggers.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Renders a hypothesis as a PNG (headless, {@code javax.imageio}): three panels side by side, each scaled up so a
 * 28 x 28 image is readable: the mask as a heatmap (black = 0, through red and yellow to white = 1), the flagged rows'
 * mean image (the pattern) and the clean reference's mean image, both in grey (colour for 3-channel images).
 */
public final class MaskImages {
    private static final int GAP = 4;

    private MaskImages() {
    }

    /** Writes the PNG to {@code file} (under a temporary name, renamed when complete). */
    public static void write(ImageHypothesis h, Path file) throws IOException {
        int scale = Math.max(1, 256 / Math.max(h.height(), h.width()));
        int w = h.width() * scale;
        int hh = h.height() * scale;
        BufferedImage img = new BufferedImage(3 * w + 2 * GAP, hh, BufferedImage.TYPE_INT_RGB);
        float[] mask = h.mask();
        float[] pattern = h.pattern();
        float[] ref = h.referenceMean();
        float[] lim = limits(pattern, ref);
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y / scale) * h.width() + x / scale;
                img.setRGB(x, y, heat(mask[p]));
                img.setRGB(w + GAP + x, y, grey(pattern, p, h.channels(), lim));
                img.setRGB(2 * (w + GAP) + x, y, grey(ref, p, h.channels(), lim));
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static float[] limits(float[] a, float[] b) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float[] v : new float[][] {a, b}) {
            for (float x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return hi > lo ? new float[] {lo, hi} : new float[] {lo, lo + 1};
    }

    private static int heat(float v) {
        double x = Math.max(0, Math.min(1, v));
        int r = (int) Math.round(255 * Math.min(1, 3 * x));
        int g = (int) Math.round(255 * Math.max(0, Math.min(1, 3 * x - 1)));
        int b = (int) Math.round(255 * Math.max(0, Math.min(1, 3 * x - 2)));
        return (r << 16) | (g << 8) | b;
    }

    private static int grey(float[] values, int pixel, int channels, float[] lim) {
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            float v = values[pixel * channels + (channels == 3 ? k : 0)];
            c[k] = (int) Math.round(255 * (v - lim[0]) / (lim[1] - lim[0]));
            c[k] = Math.max(0, Math.min(255, c[k]));
        }
        return (c[0] << 16) | (c[1] << 8) | c[2];
    }
}
