package io.tiergate.proxy.payload;

import io.tiergate.classify.Classifier;
import io.vertx.mutiny.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Scans a payload that is not JSON as UTF-8 text, in pieces: a piece ends at a line break once
 * {@value #PIECE} characters have gathered (never inside an open {@code -----BEGIN} block, which a
 * key spreads over lines), or, past {@value #MAX_PIECE} characters, at the last whitespace.
 * Each piece is classified within its own time budget. Bytes that are not UTF-8 are refused.
 */
public final class TextWalker implements PayloadWalker {

    static final int PIECE = 16 * 1024;
    static final int MAX_PIECE = 256 * 1024;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final StringBuilder pending = new StringBuilder();
    private final TextScanner scanner;
    private final WalkReport report = new WalkReport();
    private final String upstream;
    private ByteBuffer leftover = ByteBuffer.allocate(0);
    private boolean first = true;

    public TextWalker(Classifier classifier, Set<String> redact, String upstream) {
        this.scanner = new TextScanner(classifier, redact, report);
        this.upstream = upstream;
    }

    @Override
    public Buffer feed(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        report.read(bytes.length);
        decode(bytes, false);
        StringBuilder out = new StringBuilder();
        int cut;
        while ((cut = cut()) > 0) {
            out.append(scanPiece(cut));
        }
        return Buffer.buffer(out.toString());
    }

    @Override
    public Buffer finish() {
        decode(new byte[0], true);
        return Buffer.buffer(pending.isEmpty() ? "" : scanPiece(pending.length()));
    }

    @Override
    public WalkReport report() {
        return report;
    }

    private String scanPiece(int length) {
        String piece = pending.substring(0, length);
        pending.delete(0, length);
        if (!first) {
            scanner.startRecord();
        }
        first = false;
        return scanner.scan(piece, () -> "");
    }

    /** Where the next piece ends, or 0 while it should grow. */
    private int cut() {
        if (pending.length() < PIECE) {
            return 0;
        }
        int open = pending.lastIndexOf("-----BEGIN");
        boolean blockOpen = open >= 0 && pending.indexOf("-----END", open) < 0;
        if (!blockOpen) {
            int newline = pending.lastIndexOf("\n");
            if (newline >= 0) {
                return newline + 1;
            }
        }
        if (pending.length() < MAX_PIECE) {
            return 0;
        }
        for (int i = MAX_PIECE - 1; i > MAX_PIECE / 2; i--) {
            if (Character.isWhitespace(pending.charAt(i))) {
                return i + 1;
            }
        }
        return MAX_PIECE;
    }

    private void decode(byte[] bytes, boolean end) {
        ByteBuffer in = ByteBuffer.allocate(leftover.remaining() + bytes.length);
        in.put(leftover).put(bytes).flip();
        CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
        CoderResult result = decoder.decode(in, chars, end);
        if (result.isError()) {
            throw PayloadException.malformed(upstream);
        }
        if (end) {
            decoder.flush(chars);
            if (in.hasRemaining()) {
                throw PayloadException.malformed(upstream);
            }
        }
        chars.flip();
        pending.append(chars);
        leftover = in.slice();
    }
}
