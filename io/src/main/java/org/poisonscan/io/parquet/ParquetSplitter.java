package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.PartialOutputs;

/**
 * Splits the rows of a Parquet data set into a clean and a quarantine file by a scan's flags. The input may be the
 * activations file that was scanned (rows matched by index) or any other Parquet file with an id column that the
 * scan also read (rows matched by id; see {@link RowJoin}). Every input row lands in exactly one output, in input
 * order, with every column: records are copied whole through Parquet's Group API with the input's schema, so nested
 * columns (lists, maps, structs), nulls, empty lists and logical types survive, and the input's key-value metadata
 * (for example an Arrow schema) is kept. Outputs use the input's compression codec when it can be written here,
 * else SNAPPY.
 *
 * <p>Both outputs are written under temporary names and renamed only when every row has been written: a failure
 * (a missing or duplicate id, a damaged input) leaves neither output behind. Memory: one record at a time, the
 * Parquet writers' buffers (up to a row group each) and the flags.
 */
public final class ParquetSplitter {
    private ParquetSplitter() {
    }

    /**
     * Splits {@code input}.
     *
     * @param flags the scan's flags
     * @param idColumn the column to match rows on, or {@code null} to match by row index
     * @throws InvalidInputException when the input cannot be read or a row cannot be matched; the message names the
     *     file, row group and row
     * @throws IllegalArgumentException when two of the three paths are the same file
     */
    public static SplitResult split(Path input, ScoreFlags flags, String idColumn, Path clean, Path quarantine)
            throws IOException {
        checkDistinct(input, clean, quarantine);
        String where = input.toString();
        Path cleanPartial = ParquetFiles.partial(clean);
        Path quarantinePartial = ParquetFiles.partial(quarantine);
        try (ParquetFileReader reader = ParquetFiles.open(input)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            Map<String, String> meta = reader.getFooter().getFileMetaData().getKeyValueMetaData();
            RowJoin join = idColumn == null ? RowJoin.byRow(flags, schema, reader.getRecordCount(), where)
                    : RowJoin.byId(flags, schema, idColumn, where);
            CompressionCodecName codec = codecOf(reader.getRowGroups());
            long[] counts = new long[2];
            try (PartialOutputs guard = new PartialOutputs(cleanPartial, quarantinePartial)) {
                try (ParquetWriter<Group> cleanOut = ParquetFiles.groupWriter(cleanPartial, schema, meta, codec);
                        ParquetWriter<Group> quarantineOut = ParquetFiles.groupWriter(quarantinePartial, schema, meta,
                                codec)) {
                    copy(reader, schema, join, where, List.of(cleanOut, quarantineOut), counts);
                }
                ParquetFiles.commit(cleanPartial, clean);
                ParquetFiles.commit(quarantinePartial, quarantine);
            } catch (IOException | RuntimeException | Error e) {
                // Out of memory included: a failed split leaves no output behind.
                Files.deleteIfExists(cleanPartial);
                Files.deleteIfExists(quarantinePartial);
                throw e;
            }
            return new SplitResult(counts[0] + counts[1], counts[0], counts[1], clean, quarantine, join.column());
        }
    }

    private static void copy(ParquetFileReader reader, MessageType schema, RowJoin join, String where,
            List<ParquetWriter<Group>> outputs, long[] counts) throws IOException {
        MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
        List<BlockMetaData> blocks = reader.getRowGroups();
        long row = 0;
        for (int g = 0; g < blocks.size(); g++) {
            long n = blocks.get(g).getRowCount();
            if (n == 0) {
                continue;
            }
            RecordReader<Group> records;
            try {
                PageReadStore pages = reader.readRowGroup(g);
                records = io.getRecordReader(pages, new GroupRecordConverter(schema));
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException(where + ": row group " + g + ": cannot read the column chunks: "
                        + e.getMessage(), e);
            }
            for (long r = 0; r < n; r++, row++) {
                Group record;
                try {
                    record = records.read();
                } catch (RuntimeException e) {
                    throw new InvalidInputException(where + ": row group " + g + ", row " + row
                            + ": cannot decode the record: " + e.getMessage(), e);
                }
                int out = join.flagged(record, row, g) ? 1 : 0;
                outputs.get(out).write(record);
                counts[out]++;
            }
        }
    }

    private static CompressionCodecName codecOf(List<BlockMetaData> blocks) {
        for (BlockMetaData b : blocks) {
            if (!b.getColumns().isEmpty()) {
                return ParquetFiles.writableCodec(b.getColumns().get(0).getCodec());
            }
        }
        return CompressionCodecName.SNAPPY;
    }

    private static void checkDistinct(Path input, Path clean, Path quarantine) {
        Path i = input.toAbsolutePath().normalize();
        Path c = clean.toAbsolutePath().normalize();
        Path q = quarantine.toAbsolutePath().normalize();
        if (i.equals(c) || i.equals(q) || c.equals(q)) {
            throw new IllegalArgumentException("the input, clean and quarantine files must be three different files,"
                    + " got " + input + ", " + clean + ", " + quarantine);
        }
        for (Path out : List.of(clean, quarantine)) {
            if (Files.isDirectory(out)) {
                throw new InvalidInputException(out + ": is a directory; the clean and quarantine outputs are files");
            }
        }
    }
}
