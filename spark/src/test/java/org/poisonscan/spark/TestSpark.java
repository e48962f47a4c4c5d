package org.poisonscan.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * One local[2] Spark session for every test class of the module (starting one takes seconds), with its directories
 * under target/, no UI and few shuffle partitions; and the synthetic data the tests scan.
 */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            Path target = Path.of("target").toAbsolutePath();
            session = SparkSession.builder().master("local[2]").appName("poisonscan-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "4")
                    .config("spark.sql.warehouse.dir", target.resolve("spark-warehouse").toString())
                    .config("spark.local.dir", target.resolve("spark-local").toString())
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    /** A poisoned synthetic set: 6 classes, class 0 with 10% of its rows shifted by 16 sigma. */
    static SyntheticGenerator generator(int rows, int dim) {
        SyntheticConfig c = SyntheticConfig.defaults(rows).withSize(rows, dim).withPoison(0.10, 16.0);
        c = new SyntheticConfig(c.rows(), c.dim(), 6, Math.min(c.rank(), dim), c.topSingular(), c.meanScale(),
                c.poisonRate(), c.delta(), c.targetClasses(), c.directions(), 7L);
        return new SyntheticGenerator(c);
    }

    /** The generator's rows: features row-major, labels and poison marks. */
    record Data(float[] features, int[] labels, boolean[] poison, int dim) {
        InMemorySource source() {
            return new InMemorySource(features, dim, labels, null, "synthetic");
        }

        int rows() {
            return labels.length;
        }

        /** The rows as a DataFrame with columns id (long), label (int), features (array<float>), in input order. */
        Dataset<Row> frame(int partitions) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                Float[] f = new Float[dim];
                for (int j = 0; j < dim; j++) {
                    f[j] = features[i * dim + j];
                }
                rows.add(RowFactory.create((long) i, labels[i], f));
            }
            StructType schema = new StructType().add("id", DataTypes.LongType, false)
                    .add("label", DataTypes.IntegerType, false)
                    .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session().sparkContext());
            return session().createDataFrame(sc.parallelize(rows, partitions), schema);
        }
    }

    /** The generator's rows each scaled to length 1, as normalised embeddings are. */
    static Data normalised(int rows, int dim) {
        Data d = data(rows, dim);
        float[] f = d.features().clone();
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < dim; j++) {
                s += (double) f[i * dim + j] * f[i * dim + j];
            }
            for (int j = 0; j < dim; j++) {
                f[i * dim + j] = (float) (f[i * dim + j] / Math.sqrt(s));
            }
        }
        return new Data(f, d.labels(), d.poison(), dim);
    }

    static Data data(int rows, int dim) {
        SyntheticGenerator g = generator(rows, dim);
        float[] f = new float[rows * dim];
        int[] l = new int[rows];
        boolean[] p = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            int packed = g.row(i, f, i * dim);
            l[i] = packed >> 1;
            p[i] = (packed & 1) == 1;
        }
        return new Data(f, l, p, dim);
    }
}
