package org.poisonscan.io.parquet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.brotli.dec.BrotliInputStream;

/**
 * parquet-java's codecs plus a Brotli decoder. parquet-java looks Brotli up as a Hadoop codec class that no Hadoop
 * release ships, so a file written with pyarrow's {@code compression='brotli'} was unreadable; Google's pure-Java
 * decoder ({@code org.brotli:dec}) reads it. Writing Brotli is not offered (the split writes such input as Snappy).
 */
final class BrotliReadingCodecs implements CompressionCodecFactory {
    private final CodecFactory parquet;

    BrotliReadingCodecs(ParquetConfiguration conf) {
        // The page size only sizes compressors' buffers; reading needs none.
        this.parquet = new CodecFactory(conf, 0);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return parquet.getCompressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return codec == CompressionCodecName.BROTLI ? BrotliDecompressor.INSTANCE : parquet.getDecompressor(codec);
    }

    @Override
    public void release() {
        parquet.release();
    }

    /** Stateless: each page is one Brotli stream decoded in full. */
    private enum BrotliDecompressor implements BytesInputDecompressor {
        INSTANCE;

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            return BytesInput.from(decode(bytes.toInputStream(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] compressed = new byte[compressedSize];
            input.duplicate().get(compressed);
            output.put(decode(new java.io.ByteArrayInputStream(compressed), uncompressedSize));
        }

        @Override
        public void release() {
        }

        private static byte[] decode(InputStream compressed, int uncompressedSize) throws IOException {
            byte[] out = new byte[uncompressedSize];
            try (InputStream in = new BrotliInputStream(compressed)) {
                int read = in.readNBytes(out, 0, uncompressedSize);
                if (read != uncompressedSize || in.read() != -1) {
                    throw new IOException("a Brotli page decodes to " + (read == uncompressedSize ? "more" : read)
                            + " bytes, its header says " + uncompressedSize);
                }
            }
            return out;
        }
    }
}
