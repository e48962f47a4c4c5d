package org.poisonscan.io.numpy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literal syntax that NPY headers use: dicts, tuples, lists, quoted strings,
 * integers, {@code True}, {@code False} and {@code None}. Nothing is ever evaluated. Dicts become {@link Map}s, tuples
 * and lists become {@link List}s, integers {@link BigInteger}s and {@code None} {@code null}.
 *
 * <p>Nesting is bounded so that a crafted header cannot exhaust the stack.
 */
final class PyLiteralParser {
    private static final int MAX_DEPTH = 16;

    private final String text;
    private int pos;

    private PyLiteralParser(String text) {
        this.text = text;
    }

    /**
     * Parses {@code text} as one literal followed only by whitespace.
     *
     * @throws IllegalArgumentException with the reason and the character position when the text is not a literal
     */
    static Object parse(String text) {
        PyLiteralParser p = new PyLiteralParser(text);
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the literal");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of header");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '(':
                return sequence(depth, ')');
            case '[':
                return sequence(depth, ']');
            case '\'':
            case '"':
                return string(c);
            default:
                if (c == '-' || c == '+' || Character.isDigit(c)) {
                    return integer();
                }
                return keyword();
        }
    }

    private Map<Object, Object> dict(int depth) {
        pos++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (consume('}')) {
                return map;
            }
            Object key = value(depth + 1);
            skipSpace();
            if (!consume(':')) {
                throw error("expected ':' after a dict key");
            }
            if (map.containsKey(key)) {
                throw error("duplicate key " + key);
            }
            map.put(key, value(depth + 1));
            skipSpace();
            if (!consume(',') && !peek('}')) {
                throw error("expected ',' or '}' in a dict");
            }
        }
    }

    private List<Object> sequence(int depth, char close) {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (consume(close)) {
                return items;
            }
            items.add(value(depth + 1));
            skipSpace();
            if (!consume(',') && !peek(close)) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string(char quote) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    default -> sb.append(e); // \\, \', \" and anything else stand for themselves
                }
            } else if (c == '\n') {
                throw error("line break inside a string");
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private BigInteger integer() {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            throw error("expected digits");
        }
        BigInteger value = new BigInteger(text.substring(start, pos));
        // Python 2 wrote long integers with an L suffix, e.g. (3L, 4L).
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw error("floating-point numbers are not expected in an NPY header");
        }
        return value;
    }

    private Object keyword() {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        switch (word) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                pos = start;
                throw error("unexpected " + (word.isEmpty() ? "character '" + text.charAt(pos) + "'" : "name '" + word + "'"));
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean consume(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException(reason + " at character " + pos);
    }
}
