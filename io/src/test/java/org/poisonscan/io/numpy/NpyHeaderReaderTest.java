package org.poisonscan.io.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InvalidInputException;

class NpyHeaderReaderTest {

    private static NpyHeader read(byte[] bytes) throws IOException {
        return NpyHeaderReader.read(new ByteArrayInputStream(bytes), "t.npy");
    }

    private static String refusal(byte[] bytes) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(bytes));
        assertTrue(e.getMessage().startsWith("t.npy: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsAllThreeVersionsAndLeavesTheStreamAtTheData() throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        for (int major = 1; major <= 3; major++) {
            byte[] bytes = NpyBytes.raw(major, dict, new byte[] {42});
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            NpyHeader h = NpyHeaderReader.read(in, "t.npy");
            assertEquals(NpyDtype.FLOAT32, h.dtype());
            assertArrayEquals(new long[] {2, 3}, h.shape());
            assertFalse(h.fortranOrder());
            assertEquals(bytes.length - 1, h.dataOffset());
            assertEquals(0, h.dataOffset() % 64);
            assertEquals(42, in.read());
        }
    }

    @Test
    void acceptsEquivalentSpellingsOfTheDict() throws IOException {
        NpyHeader h = read(NpyBytes.raw(1, "{\"shape\":(7L,),\"fortran_order\":True,  \"descr\":\">i8\",'extra':None}",
                new byte[0]));
        assertEquals(new NpyDtype('i', 8, ByteOrder.BIG_ENDIAN), h.dtype());
        assertArrayEquals(new long[] {7}, h.shape());
        assertTrue(h.fortranOrder());
        assertEquals("(7,)", h.shapeText());
        assertArrayEquals(new long[0], read(NpyBytes.raw(1, "{'descr':'|b1','fortran_order':False,'shape':()}",
                new byte[0])).shape());
    }

    @Test
    void refusesFilesThatAreNotNpy() {
        assertTrue(refusal(new byte[0]).contains("empty (0 bytes)"));
        assertTrue(refusal("hello world".getBytes()).contains("bad magic"));
        assertTrue(refusal(new byte[] {(byte) 0x80, 2, 'c', 'n', 'u', 'm', 'p', 'y'}).contains("never unpickles"));
        assertTrue(refusal(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0}).contains("zip archive"));
        assertTrue(refusal(new byte[] {(byte) 0x93, 'N', 'U', 'M'}).contains("bad magic"));
        assertTrue(refusal(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1}).contains("truncated"));
    }

    @Test
    void refusesUnknownVersionsAndOversizedOrTruncatedHeaders() {
        byte[] v4 = NpyBytes.raw(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        v4[6] = 4;
        assertTrue(refusal(v4).contains("unsupported NPY format version 4.0"));
        byte[] huge = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 0x7F};
        assertTrue(refusal(huge).contains("exceeds the limit"));
        byte[] cut = NpyBytes.npy("<f4", false, new long[] {1}, new byte[0]);
        assertTrue(refusal(java.util.Arrays.copyOf(cut, 30)).contains("header is truncated"));
    }

    @Test
    void refusesObjectAndUnsupportedDtypes() {
        String object = refusal(NpyBytes.npy("|O", false, new long[] {3}, new byte[24]));
        assertTrue(object.contains("object/pickled arrays are refused; PoisonScan never unpickles"), object);
        assertTrue(refusal(NpyBytes.npy("<c8", false, new long[] {1}, new byte[8])).contains("unsupported dtype"));
        assertTrue(refusal(NpyBytes.npy("<f16", false, new long[] {1}, new byte[16])).contains("unsupported dtype"));
        String strings = refusal(NpyBytes.npy("<U3", false, new long[] {1}, new byte[12]));
        assertTrue(strings.contains("dtype '<U3' holds strings") && strings.contains("integer ids"), strings);
        assertTrue(refusal(NpyBytes.npy("=f4", false, new long[] {1}, new byte[4])).contains("unsupported dtype"));
        assertTrue(refusal(NpyBytes.raw(1, "{'descr': [('a', '<f4'), ('b', '|O')], 'fortran_order': False, "
                + "'shape': (1,)}", new byte[0])).contains("never unpickles"));
        assertTrue(refusal(NpyBytes.raw(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}",
                new byte[0])).contains("structured dtype"));
    }

    @Test
    void refusesMalformedDicts() {
        assertTrue(refusal(NpyBytes.raw(1, "{'descr': '<f4', 'shape': (1,)}", new byte[0]))
                .contains("lacks the key 'fortran_order'"));
        assertTrue(refusal(NpyBytes.raw(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", new byte[0]))
                .contains("'fortran_order' is not True or False"));
        assertTrue(refusal(NpyBytes.raw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", new byte[0]))
                .contains("invalid dimension"));
        assertTrue(refusal(NpyBytes.raw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,)}",
                new byte[0])).contains("malformed NPY header"));
        assertTrue(refusal(NpyBytes.raw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os')}",
                new byte[0])).contains("malformed NPY header"));
        assertTrue(refusal(NpyBytes.raw(1, "[1, 2]", new byte[0])).contains("not a dict"));
        assertTrue(refusal(NpyBytes.raw(1, "{'descr': '<f4'", new byte[0])).contains("malformed"));
        assertTrue(refusal(NpyBytes.raw(1, "(".repeat(5000), new byte[0])).contains("nested deeper"));
    }

    @Test
    void checksTheDeclaredSizeAgainstTheAvailableBytes() {
        NpyHeader h = new NpyHeader(NpyDtype.FLOAT32, false, new long[] {1_000_000_000L, 512}, 128);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> h.requireData(1024, "big.npy"));
        assertTrue(e.getMessage().contains("(1000000000, 512)") && e.getMessage().contains("only 896 bytes"),
                e.getMessage());
        NpyHeader overflow = new NpyHeader(NpyDtype.FLOAT32, false, new long[] {1L << 40, 1L << 40}, 128);
        assertThrows(InvalidInputException.class, () -> overflow.requireData(1024, "big.npy"));
        new NpyHeader(NpyDtype.FLOAT32, false, new long[] {2, 2}, 128).requireData(128 + 16, "ok.npy");
    }
}
