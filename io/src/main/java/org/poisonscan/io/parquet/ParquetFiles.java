package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Opens Parquet files for reading and writing without Hadoop: always through {@link LocalInputFile},
 * {@link LocalOutputFile} and {@link PlainParquetConfiguration} (any Hadoop {@code Configuration} would need Hadoop's
 * full dependency tree, which is not on the class path).
 */
public final class ParquetFiles {
    /** Footer key each parquet-java writer sets itself. */
    private static final String WRITER_MODEL_KEY = "writer.model.name";
    /** A Java class name or an object identity hash in a library's message. */
    private static final Pattern JAVA_NAMES = Pattern.compile("org\\.apache\\.|\\w@\\p{XDigit}+");
    /** Thrift's reason for a footer whose bytes end early or start in the wrong place. */
    private static final Pattern MISSING_FIELD = Pattern.compile("Required field '(\\w+)' was not found");

    private ParquetFiles() {
    }

    /**
     * Opens {@code file} and reads its footer.
     *
     * @throws InvalidInputException when the file is missing or is not a readable Parquet file (for example a
     *     truncated footer); the message names the file
     */
    public static ParquetFileReader open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found (or not a regular file)");
        }
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        ParquetReadOptions options = ParquetReadOptions.builder(conf)
                .withCodecFactory(new BrotliReadingCodecs(conf)).build();
        try {
            return ParquetFileReader.open(new LocalInputFile(file), options);
        } catch (IOException | RuntimeException e) {
            // Parquet names the file by its reader object (LocalInputFile@1a2b3c); the message names it already.
            String reason = String.valueOf(e.getMessage()).replaceAll("\\S*LocalInputFile@\\S+", "the file");
            if (reason.startsWith("footer is too large") || reason.contains("footer index is not within the file")) {
                // parquet-java's words run the number into the next word; the usual cause is a cut-off copy.
                reason = "the footer length in the last bytes points before the file's start; is the file truncated"
                        + " (an interrupted copy or write)?";
            } else if (reason.contains("can not read class") || JAVA_NAMES.matcher(reason).find()) {
                // Thrift's words name Java classes and an object hash that changes between runs; keep a stable part.
                Matcher missing = MISSING_FIELD.matcher(reason);
                reason = "the footer is corrupt or truncated"
                        + (missing.find() ? " (required field '" + missing.group(1) + "' missing)" : "");
            }
            throw new InvalidInputException(file + ": not a readable Parquet file (footer): " + reason, e);
        }
    }

    /**
     * A Group writer of {@code schema} to {@code file}, replacing it.
     *
     * @param metadata key-value metadata to store in the footer (for example the Arrow schema of the input); the
     *     writer's own {@code writer.model.name} replaces any given one
     */
    public static ParquetWriter<Group> groupWriter(Path file, MessageType schema, Map<String, String> metadata,
            CompressionCodecName codec) throws IOException {
        Map<String, String> extra = new LinkedHashMap<>(metadata);
        extra.remove(WRITER_MODEL_KEY);
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withExtraMetaData(extra)
                .withCompressionCodec(codec)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    /** The temporary sibling {@code <name>.partial} a writer fills before renaming it to {@code target}. */
    public static Path partial(Path target) {
        return org.poisonscan.io.PartialOutputs.partialOf(target);
    }

    /** Renames a completed temporary file to its target, replacing it. */
    public static void commit(Path partial, Path target) throws IOException {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A codec this build can write: the input's when possible, else SNAPPY. */
    public static CompressionCodecName writableCodec(CompressionCodecName wanted) {
        return switch (wanted) {
            case UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW -> wanted;
            default -> CompressionCodecName.SNAPPY;
        };
    }
}
