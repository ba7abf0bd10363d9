package io.tiergate.proxy.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.tiergate.catalog.FieldPointers;
import io.tiergate.classify.Classifier;
import io.vertx.mutiny.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks a JSON payload (one document, or JSON lines: a sequence of documents) token by token as
 * it arrives, with Jackson's non-blocking parser, and writes what may be forwarded with a
 * generator: the re-serialisation of what was parsed, never the upstream's bytes. A value at a
 * masked pointer becomes {@value #MASKED} (its key stays; {@code null} stays {@code null}); every
 * other string, key and long number is classified. A record is a root value or an element of an
 * array at the first two levels ({@code /records/*}); each gets its own classification time budget.
 */
public final class JsonWalker implements PayloadWalker {

    /** What a masked field's value becomes, whatever it was. */
    public static final String MASKED = "[MASKED]";

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final JsonGenerator generator;
    private final ByteArrayBuilder out = new ByteArrayBuilder(16 * 1024);
    private final FieldPointers masked;
    private final TextScanner scanner;
    private final WalkReport report = new WalkReport();
    private final boolean lines;
    private final String upstream;

    /** Segments of the current path; {@code indices} counts elements of each open array (-1 for an object). */
    private final List<String> path = new ArrayList<>();
    private final List<Boolean> isIndex = new ArrayList<>();
    private final List<Integer> indices = new ArrayList<>();
    private String fieldName;
    private int skipDepth;

    public JsonWalker(Classifier classifier, FieldPointers masked, Set<String> redact, boolean lines, int maxValueChars,
            String upstream) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxValueChars).build())
                .build();
        try {
            this.parser = factory.createNonBlockingByteArrayParser();
            this.generator = factory.createGenerator(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON parser", e);
        }
        generator.setRootValueSeparator(null);
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.masked = masked;
        this.scanner = new TextScanner(classifier, redact, report);
        this.lines = lines;
        this.upstream = upstream;
    }

    @Override
    public Buffer feed(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        report.read(bytes.length);
        try {
            feeder.feedInput(bytes, 0, bytes.length);
            drain();
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
        return take();
    }

    @Override
    public Buffer finish() {
        try {
            feeder.endOfInput();
            drain();
            if (!path.isEmpty() || skipDepth > 0 || parser.getParsingContext().inArray() || parser.getParsingContext().inObject()) {
                throw PayloadException.malformed(upstream);
            }
            generator.flush();
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
        return take();
    }

    @Override
    public WalkReport report() {
        return report;
    }

    private RuntimeException failure(Exception e) {
        return e instanceof PayloadException p ? p : PayloadException.malformed(upstream);
    }

    private Buffer take() {
        try {
            generator.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = out.toByteArray();
        out.reset();
        return Buffer.buffer(bytes);
    }

    private void drain() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            if (skipDepth > 0) {
                if (token.isStructStart()) {
                    skipDepth++;
                } else if (token.isStructEnd()) {
                    skipDepth--;
                    if (skipDepth == 0) {
                        endValue(true);
                    }
                }
                continue;
            }
            switch (token) {
                case FIELD_NAME -> {
                    fieldName = parser.currentName();
                    path.add(fieldName);
                    isIndex.add(false);
                    String key = scanner.scan(fieldName, this::pointer);
                    path.remove(path.size() - 1);
                    isIndex.remove(isIndex.size() - 1);
                    generator.writeFieldName(key);
                }
                case START_OBJECT, START_ARRAY -> {
                    if (beginValue()) {
                        skipDepth = 1;
                        generator.writeString(MASKED);
                    } else {
                        indices.add(token == JsonToken.START_ARRAY ? 0 : -1);
                        if (token == JsonToken.START_ARRAY) {
                            generator.writeStartArray();
                        } else {
                            generator.writeStartObject();
                        }
                    }
                }
                case END_OBJECT, END_ARRAY -> {
                    indices.remove(indices.size() - 1);
                    if (token == JsonToken.END_ARRAY) {
                        generator.writeEndArray();
                    } else {
                        generator.writeEndObject();
                    }
                    endValue(false);
                }
                default -> {
                    boolean mask = beginValue();
                    scalar(token, mask);
                    endValue(false);
                }
            }
        }
    }

    /** Places the value that starts now in the path; true when it is to be masked. */
    private boolean beginValue() {
        int depth = indices.size();
        if (depth == 0) {
            scanner.startRecord();
        } else {
            int index = indices.get(depth - 1);
            if (index >= 0) {
                path.add(Integer.toString(index));
                isIndex.add(true);
                indices.set(depth - 1, index + 1);
                if (depth <= 2) {
                    scanner.startRecord();
                }
            } else {
                path.add(fieldName);
                isIndex.add(false);
            }
        }
        String pointer = masked.isEmpty() ? null : masked.match(path);
        if (pointer != null) {
            report.masked(pointer);
            return true;
        }
        return false;
    }

    private void endValue(boolean wasMasked) throws IOException {
        if (!path.isEmpty()) {
            path.remove(path.size() - 1);
            isIndex.remove(isIndex.size() - 1);
        }
        if (indices.isEmpty() && lines) {
            generator.flush();
            out.write('\n');
        }
    }

    private void scalar(JsonToken token, boolean mask) throws IOException {
        switch (token) {
            case VALUE_NULL -> generator.writeNull();
            case VALUE_TRUE, VALUE_FALSE -> {
                if (mask) {
                    generator.writeString(MASKED);
                } else {
                    generator.writeBoolean(token == JsonToken.VALUE_TRUE);
                }
            }
            case VALUE_STRING -> generator.writeString(mask ? MASKED : scanner.scan(parser.getText(), this::pointer));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                String number = parser.getText();
                if (mask) {
                    generator.writeString(MASKED);
                } else if (number.length() >= 6) {
                    // A card or account number may come as a JSON number: scanned, and if redacted, a placeholder string.
                    String scanned = scanner.scan(number, this::pointer);
                    if (scanned.equals(number)) {
                        generator.writeNumber(number);
                    } else {
                        generator.writeString(scanned);
                    }
                } else {
                    generator.writeNumber(number);
                }
            }
            default -> throw PayloadException.malformed(upstream);
        }
    }

    private String pointer() {
        return FieldPointers.generalized(path, isIndex);
    }
}
