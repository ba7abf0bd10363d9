package io.tiergate.proxy.answer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.Finding;
import io.tiergate.policy.Decision;
import io.vertx.mutiny.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A streamed answer (server-sent events) relayed as it is read: each upstream event is parsed,
 * its deltas (per choice: content, refusal, tool-call arguments, the tokens of its log probabilities;
 * {@code text} of a legacy completion; {@code delta} of a Responses API event) go through a
 * {@link HeldText} each (a log probability's {@code bytes} follow its token), every
 * other string of the event is classified on its own, and the event is written out at once with
 * what may go out. The policy decides as findings appear ({@link AnswerVerdict}); a deny ends the
 * stream with an error event in OpenAI's shape, and nothing of the finding is sent. Where the policy
 * would redact or refuse e-mail addresses ({@link SpeculativeHold}), an event ending inside a word
 * keeps that word until the next event says whether it is the local part of an address. The decision
 * on the whole answer is recorded durably before the last event ({@code [DONE]}, or the Responses
 * API's {@code response.completed}) goes out; an upstream that stops early or sends garbage gets an
 * error event and an {@code upstream_failed} record. One upstream stream, in order; the calls are serialized
 * (a failure may arrive on another thread while a parked event is relayed, {@link #onChunkWithoutBlocking}).
 */
public final class StreamedAnswer {

    /** Marks the end of what is relayed: the stream is cut after it (and the upstream cancelled). */
    public static final Buffer END = Buffer.buffer();

    /**
     * The most text of one chunk scanned on the event loop; an event past it (rare: deltas are short)
     * goes to a worker thread, so that a long event does not hold up the loop's other connections.
     */
    static final int INLINE_CHARS = 8192;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code /choices/<i>/logprobs/(content|refusal)/<j>/token}; group 1 is the text its tokens spell. */
    private static final java.util.regex.Pattern LOGPROB_TOKEN =
            java.util.regex.Pattern.compile("(/choices/[^/]+/logprobs/(?:content|refusal))/[^/]+/token");

    private final Classifier classifier;
    private final AnswerVerdict verdict;
    private final int maxHold;
    private final int maxEventBytes;
    private final SpeculativeHold speculative;
    private final Tap tap;
    private final Map<String, HeldText> texts = new LinkedHashMap<>();
    private final Set<String> cleanStrings = new HashSet<>();
    private Buffer unread = Buffer.buffer();
    private boolean ended;
    /** The step an event waits for on a worker thread ({@link #onChunkWithoutBlocking}), null when none. */
    private Consumer<List<Buffer>> parked;

    public StreamedAnswer(Classifier classifier, io.tiergate.gate.AnswerGate gate, io.tiergate.gate.AnswerGate.Exchange exchange,
            int maxHold, int maxEventBytes, SpeculativeHold speculative) {
        this(classifier, gate, exchange, maxHold, maxEventBytes, speculative, Tap.NONE);
    }

    /** A streamed answer that hands {@code tap} what it relays (the call's capture). */
    public StreamedAnswer(Classifier classifier, io.tiergate.gate.AnswerGate gate, io.tiergate.gate.AnswerGate.Exchange exchange,
            int maxHold, int maxEventBytes, SpeculativeHold speculative, Tap tap) {
        this.tap = tap;
        this.classifier = classifier;
        this.speculative = speculative;
        this.verdict = new AnswerVerdict(gate, exchange);
        this.maxHold = maxHold;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * What a streamed answer hands over as it is relayed, for its capture: each released text of a
     * delta (what went out, and the text with its findings as read), the usage event, and the
     * recorded decision on the whole answer once it allowed the last event. References only.
     */
    public interface Tap {
        Tap NONE = new Tap() {
        };

        default void released(String key, String sent, String text, List<Finding> findings) {
        }

        default void usage(JsonNode usage) {
        }

        default void recorded(Decision decision, io.tiergate.policy.PolicyInput.Content content) {
        }
    }

    /** The events complete in {@code chunk} (with what came before), as they may go out. May block: the policy and the audit log are asked. */
    public synchronized List<Buffer> onChunk(Buffer chunk) {
        List<Buffer> out = new ArrayList<>();
        relay(chunk, true, out);
        return out;
    }

    /**
     * What one chunk gave without blocking, for the event loop: the events that may go out now, and
     * whether the rest is parked for {@link #resume} on a worker thread.
     */
    public record Relay(List<Buffer> out, boolean parked) {
    }

    /**
     * As {@link #onChunk}, without ever blocking: the events complete in {@code chunk} are relayed
     * until one needs a step that blocks (asking the policy about a finding of a new type or tier,
     * waiting for the speculative probe's answer for a text that ends inside a word, recording the answer at its last event or a failure) or
     * goes past {@value #INLINE_CHARS} characters of the chunk; that event and everything after it
     * is parked, nothing of it sent, until {@link #resume}.
     */
    public synchronized Relay onChunkWithoutBlocking(Buffer chunk) {
        List<Buffer> out = new ArrayList<>();
        return new Relay(out, !relay(chunk, false, out));
    }

    /** Relays what was parked, then what is still unread (may block); the next chunk may then be relayed without blocking again. */
    public synchronized List<Buffer> resume() {
        List<Buffer> out = new ArrayList<>();
        Consumer<List<Buffer>> step = parked;
        parked = null;
        if (step != null && !ended) {
            step.accept(out);
        }
        relay(Buffer.buffer(), true, out);
        return out;
    }

    /** Relays the events complete in {@code chunk} into {@code out}; false when one was parked ({@code mayBlock} false). */
    private boolean relay(Buffer chunk, boolean mayBlock, List<Buffer> out) {
        if (parked != null) {
            throw new IllegalStateException("a parked event must be resumed first");
        }
        if (ended) {
            return true;
        }
        unread.appendBuffer(chunk);
        int[] boundary;
        int chars = 0;
        while (!ended && (boundary = boundary(unread)) != null) {
            String event = unread.getString(0, boundary[0], "UTF-8").replace("\r\n", "\n");
            unread = unread.getBuffer(boundary[1], unread.length());
            chars += event.length();
            boolean relayed = mayBlock || chars <= INLINE_CHARS
                    ? event(event, mayBlock, out)
                    : step(o -> event(event, true, o), false, out);
            if (!relayed) {
                return false;
            }
        }
        if (!ended && unread.length() > maxEventBytes) {
            return step(o -> fail("an event longer than " + maxEventBytes + " bytes", o), mayBlock, out);
        }
        return true;
    }

    /** Runs {@code step} now when it may block; otherwise parks it for {@link #resume} and answers false. */
    private boolean step(Consumer<List<Buffer>> step, boolean mayBlock, List<Buffer> out) {
        if (!mayBlock) {
            parked = step;
            return false;
        }
        step.accept(out);
        return true;
    }

    /** The upstream ended: fine after the last event; otherwise the answer was cut short. */
    public synchronized List<Buffer> onEnd() {
        List<Buffer> out = new ArrayList<>();
        if (!ended) {
            fail(unread.toString(StandardCharsets.UTF_8).isBlank() ? "the stream ended before its last event" : "a truncated event",
                    out);
        }
        return out;
    }

    /** The upstream failed mid-stream (reset, timeout). */
    public synchronized List<Buffer> onFailure(Throwable failure) {
        List<Buffer> out = new ArrayList<>();
        if (!ended) {
            fail("the upstream connection failed", out);
        }
        return out;
    }

    /** Where the first event of {@code bytes} ends (a blank line, {@code \n\n} or {@code \r\n\r\n}) and the next begins; null when none does yet. */
    private static int[] boundary(Buffer bytes) {
        for (int i = 0; i + 1 < bytes.length(); i++) {
            if (bytes.getByte(i) == '\n' && bytes.getByte(i + 1) == '\n') {
                return new int[] {i, i + 2};
            }
            if (i + 3 < bytes.length() && bytes.getByte(i) == '\r' && bytes.getByte(i + 1) == '\n' && bytes.getByte(i + 2) == '\r'
                    && bytes.getByte(i + 3) == '\n') {
                return new int[] {i, i + 4};
            }
        }
        return null;
    }

    /** Relays one event into {@code out}; false when it was parked (a step that blocks, {@code mayBlock} false). */
    private boolean event(String event, boolean mayBlock, List<Buffer> out) {
        StringBuilder data = new StringBuilder();
        String eventName = null;
        boolean hasData = false;
        for (String line : event.split("\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(hasData ? "\n" : "").append(line.substring(line.startsWith("data: ") ? 6 : 5));
                hasData = true;
            } else if (line.startsWith("event:")) {
                eventName = line.substring(6).trim();
            }
        }
        String name = eventName;
        if (!hasData) {
            out.add(Buffer.buffer(event + "\n\n")); // a comment or keep-alive: nothing of the answer
            return true;
        }
        if (data.toString().equals("[DONE]")) {
            return step(o -> finish(o, () -> o.add(Buffer.buffer("data: [DONE]\n\n"))), mayBlock, out);
        }
        JsonNode root;
        try {
            root = JSON.readTree(data.toString());
        } catch (JsonProcessingException e) {
            return step(o -> fail("an event that is not JSON", o), mayBlock, out);
        }
        if (!root.isObject()) {
            return step(o -> fail("an event that is not a JSON object", o), mayBlock, out);
        }
        ObjectNode object = (ObjectNode) root;
        String type = object.path("type").asText("");
        boolean last = "response.completed".equals(type) || "response.failed".equals(type) || "response.incomplete".equals(type);
        List<Slot> slots = slots(object);
        if (!mayBlock && waitsForProbe(slots, last)) {
            return step(o -> decide(name, object, scan(slots, last), last, o), false, out);
        }
        List<Scanned> scanned = scan(slots, last);
        if (last || scanned.stream().anyMatch(s -> verdict.asks(s.release().findings()))) {
            return step(o -> decide(name, object, scanned, last, o), mayBlock, out);
        }
        decide(name, object, scanned, false, out);
        return true;
    }

    /** A string of an event and what of it may go out (its held text's release, or the whole string classified). */
    private record Scanned(Slot slot, HeldText.Release release) {
    }

    /** Every string of one event, the deltas marked with the text they continue. */
    private static List<Slot> slots(ObjectNode event) {
        List<Slot> slots = new ArrayList<>();
        collect(event, "", slots, event.path("type").asText("").endsWith(".delta"));
        return slots;
    }

    /** Whether one of the event's deltas would wait for the speculative probe's answer (its text ends inside a word). */
    private boolean waitsForProbe(List<Slot> slots, boolean last) {
        for (Slot slot : slots) {
            if (slot.delta && held(slot.key).waitsForProbe(slot.text(), last)) {
                return true;
            }
        }
        return false;
    }

    /** Every string of one event through its held text or classified whole: no policy asked yet. */
    private List<Scanned> scan(List<Slot> slots, boolean last) {
        List<Scanned> scanned = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            scanned.add(new Scanned(slot, slot.delta ? held(slot.key).append(slot.text(), last) : whole(slot.text())));
        }
        return scanned;
    }

    /** The growing text {@code key} names, begun empty the first time. */
    private HeldText held(String key) {
        return texts.computeIfAbsent(key, k -> new HeldText(classifier, maxHold, speculative));
    }

    /** Decides a scanned event and writes what may go out of it (the last one after the answer's record). */
    private void decide(String name, ObjectNode event, List<Scanned> scanned, boolean last, List<Buffer> out) {
        if (event.get("usage") instanceof ObjectNode usage) {
            tap.usage(usage);
        }
        for (Scanned s : scanned) {
            HeldText.Release release = s.release();
            Decision decision = verdict.admit(release.findings(), release.text().length());
            if (!decision.allow()) {
                deny(decision, out);
                return;
            }
            String sent = verdict.redacted(release.text(), release.findings(), decision);
            s.slot().set(sent);
            if (s.slot().delta) {
                tap.released(s.slot().key, sent, release.text(), release.findings());
            }
        }
        if (last) {
            finish(out, () -> write(name, event, out));
        } else {
            write(name, event, out);
        }
    }

    private HeldText.Release whole(String text) {
        if (cleanStrings.contains(text)) {
            return new HeldText.Release(text, List.of());
        }
        List<Finding> findings = classifier.classify(text).findings();
        if (findings.isEmpty() && cleanStrings.size() < 256) {
            cleanStrings.add(text); // ids, model names, roles repeat in every event
        }
        return new HeldText.Release(text, findings);
    }

    /** Every string of {@code node}, the deltas marked with the text they continue. */
    private static void collect(JsonNode node, String pointer, List<Slot> slots, boolean responsesDelta) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                String at = pointer + "/" + name;
                if (value.isTextual()) {
                    String key = deltaKey(at, name, responsesDelta, object);
                    slots.add(new Slot(object, name, key));
                } else {
                    collect(value, at, slots, responsesDelta);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                String at = pointer + "/" + (value.has("index") ? value.get("index").asText() : String.valueOf(i));
                if (value.isTextual()) {
                    slots.add(new Slot(array, i, null));
                } else {
                    collect(value, at, slots, responsesDelta);
                }
            }
        }
    }

    /** Which growing text a string continues, or null when it stands alone. */
    private static String deltaKey(String pointer, String name, boolean responsesDelta, ObjectNode holder) {
        java.util.regex.Matcher logprob = LOGPROB_TOKEN.matcher(pointer);
        if (logprob.matches()) {
            return logprob.group(1); // the tokens of a choice's log probabilities spell its text: one growing text
        }
        if (pointer.startsWith("/choices/") && (pointer.contains("/delta/") || name.equals("text") && pointer.split("/").length == 4)) {
            boolean text = name.equals("content") || name.equals("refusal") || name.equals("arguments") || name.equals("text");
            return text ? pointer : null;
        }
        if (responsesDelta && pointer.equals("/delta")) {
            return "responses/" + holder.path("item_id").asText() + "/" + holder.path("output_index").asText() + "/"
                    + holder.path("content_index").asText();
        }
        return null;
    }

    /** A string in an event, to be replaced by what may go out. */
    private static final class Slot {
        final JsonNode holder;
        final String name;
        final int index;
        final String key;
        final boolean delta;

        Slot(ObjectNode holder, String name, String key) {
            this.holder = holder;
            this.name = name;
            this.index = -1;
            this.key = key;
            this.delta = key != null;
        }

        Slot(ArrayNode holder, int index, String key) {
            this.holder = holder;
            this.name = null;
            this.index = index;
            this.key = key;
            this.delta = false;
        }

        String text() {
            return name != null ? holder.get(name).textValue() : holder.get(index).textValue();
        }

        void set(String text) {
            if (name != null) {
                ObjectNode object = (ObjectNode) holder;
                object.set(name, TextNode.valueOf(text));
                if (name.equals("token") && object.has("bytes")) {
                    object.set("bytes", utf8Bytes(text)); // a log probability's bytes spell its token: never the upstream's
                }
            } else {
                ((ArrayNode) holder).set(index, TextNode.valueOf(text));
            }
        }
    }

    private static ArrayNode utf8Bytes(String text) {
        ArrayNode bytes = JSON.createArrayNode();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return bytes;
    }

    private static void write(String name, ObjectNode event, List<Buffer> out) {
        out.add(Buffer.buffer((name == null ? "" : "event: " + name + "\n") + "data: " + event + "\n\n"));
    }

    /** The last event: what is still held goes out (scanned to the end), the decision is recorded, then the event. */
    private void finish(List<Buffer> out, Runnable lastEvent) {
        for (Map.Entry<String, HeldText> entry : texts.entrySet()) {
            HeldText.Release rest = entry.getValue().append("", true);
            if (rest.text().isEmpty()) {
                continue;
            }
            Decision decision = verdict.admit(rest.findings(), rest.text().length());
            if (!decision.allow()) {
                deny(decision, out);
                return;
            }
            String sent = verdict.redacted(rest.text(), rest.findings(), decision);
            tap.released(entry.getKey(), sent, rest.text(), rest.findings());
            out.add(restEvent(entry.getKey(), sent));
        }
        Decision decision = verdict.record();
        if (!decision.allow()) {
            error(decision.reasons().isEmpty() ? "denied" : decision.reasons().get(0),
                    "Tiergate's policy refused this answer (" + String.join(", ", decision.reasons()) + ").", out);
            return;
        }
        tap.recorded(decision, verdict.content());
        lastEvent.run();
        ended = true;
        out.add(END);
    }

    /** An event carrying the held rest of one text, shaped like the events it continues. */
    private static Buffer restEvent(String key, String text) {
        ObjectNode event = JSON.createObjectNode();
        if (key.startsWith("responses/")) {
            String[] parts = key.split("/", -1);
            event.put("type", "response.output_text.delta").put("item_id", parts[1]);
            event.put("output_index", parts[2].isEmpty() ? 0 : Integer.parseInt(parts[2]));
            event.put("content_index", parts[3].isEmpty() ? 0 : Integer.parseInt(parts[3]));
            event.put("delta", text);
            return Buffer.buffer("event: response.output_text.delta\ndata: " + event + "\n\n");
        }
        // /choices/<index>/delta/content, /choices/<index>/text, /choices/<index>/delta/tool_calls/<index>/function/arguments,
        // /choices/<index>/logprobs/content
        String[] parts = key.substring(1).split("/");
        ObjectNode choice = event.put("object", "chat.completion.chunk").putArray("choices").addObject();
        choice.put("index", Integer.parseInt(parts[1]));
        if (parts.length == 4 && parts[2].equals("logprobs")) {
            choice.putObject("delta");
            ObjectNode token = choice.putObject("logprobs").putArray(parts[3]).addObject();
            token.put("token", text).put("logprob", 0.0).set("bytes", utf8Bytes(text));
            token.putArray("top_logprobs");
        } else if (parts.length == 3) {
            choice.put(parts[2], text);
        } else if (parts.length == 4) {
            choice.putObject("delta").put(parts[3], text);
        } else {
            ObjectNode call = choice.putObject("delta").putArray("tool_calls").addObject();
            call.put("index", Integer.parseInt(parts[4]));
            call.putObject("function").put("arguments", text);
        }
        return Buffer.buffer("data: " + event + "\n\n");
    }

    private void deny(Decision decision, List<Buffer> out) {
        verdict.record();
        error(decision.reasons().isEmpty() ? "denied" : decision.reasons().get(0),
                "Tiergate's policy refused the rest of this answer (" + String.join(", ", decision.reasons())
                        + "); what could not be sent was withheld.", out);
    }

    private void fail(String what, List<Buffer> out) {
        verdict.recordUpstreamFailed("stream: " + what);
        error("upstream_failed", "The upstream's answer broke off: " + what + ". Retry the request.", out);
    }

    /** The stream's last event: an error in OpenAI's shape ({@code {"error": {message, type, param, code}}}). */
    private void error(String code, String message, List<Buffer> out) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", message).put("type", "tiergate_error").putNull("param").put("code", code);
        out.add(Buffer.buffer("data: " + error + "\n\n"));
        ended = true;
        out.add(END);
    }
}
