package org.poisonscan.triggers.image;

/**
 * Mean and sample variance of every value position (pixel x channel) over a group of images, accumulated in double.
 * Values are centred on the first image before squaring, so the variance of pixels near a large constant is exact
 * enough.
 */
final class PixelMoments {
    final long count;
    final double[] mean;
    final double[] variance;

    private PixelMoments(long count, double[] mean, double[] variance) {
        this.count = count;
        this.mean = mean;
        this.variance = variance;
    }

    /** The moments of {@code rows} of {@code images}. */
    static PixelMoments of(ImageSet images, int[] rows) {
        int size = images.imageSize();
        double[] shift = new double[size];
        double[] sum = new double[size];
        double[] sq = new double[size];
        float[] buf = new float[size];
        for (int r = 0; r < rows.length; r++) {
            images.copyImage(rows[r], buf, 0);
            if (r == 0) {
                for (int j = 0; j < size; j++) {
                    shift[j] = buf[j];
                }
            }
            for (int j = 0; j < size; j++) {
                double d = buf[j] - shift[j];
                sum[j] += d;
                sq[j] += d * d;
            }
        }
        double[] mean = new double[size];
        double[] var = new double[size];
        long n = rows.length;
        for (int j = 0; j < size; j++) {
            double m = n == 0 ? 0 : sum[j] / n;
            mean[j] = shift[j] + m;
            var[j] = n < 2 ? 0 : Math.max(0, (sq[j] - n * m * m) / (n - 1));
        }
        return new PixelMoments(n, mean, var);
    }

    /** The pooled moments of two disjoint groups. */
    static PixelMoments pool(PixelMoments a, PixelMoments b) {
        long n = a.count + b.count;
        double[] mean = new double[a.mean.length];
        double[] var = new double[a.mean.length];
        for (int j = 0; j < mean.length; j++) {
            if (n == 0) {
                continue;
            }
            double m = (a.count * a.mean[j] + b.count * b.mean[j]) / n;
            double ss = (a.count - 1 > 0 ? (a.count - 1) * a.variance[j] : 0)
                    + (b.count - 1 > 0 ? (b.count - 1) * b.variance[j] : 0)
                    + a.count * sq(a.mean[j] - m) + b.count * sq(b.mean[j] - m);
            mean[j] = m;
            var[j] = n < 2 ? 0 : ss / (n - 1);
        }
        return new PixelMoments(n, mean, var);
    }

    private static double sq(double x) {
        return x * x;
    }
}
