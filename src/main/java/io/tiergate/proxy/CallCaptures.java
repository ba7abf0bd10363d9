package io.tiergate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tiergate.capture.CallCapture;
import io.tiergate.capture.CapturedPart;
import io.tiergate.classify.Finding;
import io.tiergate.classify.Redactor;
import io.tiergate.policy.Decision;
import io.tiergate.policy.Decision.Capture;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.Tier;
import io.tiergate.proxy.answer.StreamedAnswer;
import io.tiergate.proxy.answer.WholeAnswer;
import io.tiergate.proxy.scan.DocumentScanner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The proxy's side of a call's capture: the request and the answer as {@link CapturedPart}s that
 * hold only what the proxy already has (the scanned documents, the bytes that went, a stream's
 * released texts) and render them on the capture writer's thread.
 */
final class CallCaptures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CallCaptures() {
    }

    /** The request: the bytes forwarded ({@code full}), or the scanned document with every Tier 2 finding replaced. */
    static CapturedPart request(DocumentScanner.Result scan, byte[] forwarded) {
        return document(scan, forwarded);
    }

    /** A whole (non-streamed) answer: the bytes relayed, or its scanned document with every Tier 2 finding replaced. */
    static CapturedPart answer(WholeAnswer.Result result) {
        return document(result.scan(), result.body());
    }

    private static CapturedPart document(DocumentScanner.Result scan, byte[] sent) {
        return new CapturedPart() {
            @Override
            public String json(Capture mode) {
                if (mode == Capture.FULL) {
                    return new String(sent, StandardCharsets.UTF_8);
                }
                // the document is no longer used by the call: rewriting its pieces here is the writer's work
                scan.redact(tier2Types(scan.overall().counts()));
                return new String(scan.document().bytes(), StandardCharsets.UTF_8);
            }

            @Override
            public JsonNode member(String name) {
                return scan.document().root().get(name);
            }
        };
    }

    private static Set<String> tier2Types(List<FindingCount> counts) {
        return counts.stream().filter(c -> c.tier() == Tier.TIER_2.level()).map(FindingCount::type).collect(Collectors.toSet());
    }

    /**
     * A streamed answer's capture: the texts of its deltas as released, assembled per text
     * ({@code {"stream": true, "texts": {"/choices/0/delta/content": "..."}}}), its usage event, and
     * the hand-over to the capture once the recorded decision allowed the last event.
     */
    static final class Stream implements StreamedAnswer.Tap, CapturedPart {

        private record Piece(String sent, String text, List<Finding> findings) {
        }

        private final CallCapture capture;
        private final int status;
        private final Map<String, List<Piece>> texts = new LinkedHashMap<>();
        private JsonNode usage;

        Stream(CallCapture capture, int status) {
            this.capture = capture;
            this.status = status;
        }

        @Override
        public void released(String key, String sent, String text, List<Finding> findings) {
            if (text.isEmpty()) {
                return;
            }
            capture.firstToken();
            texts.computeIfAbsent(key, k -> new ArrayList<>()).add(new Piece(sent, text, findings));
        }

        @Override
        public void usage(JsonNode usage) {
            this.usage = usage;
        }

        @Override
        public void recorded(Decision decision, Content content) {
            capture.answered(decision, content, this, status);
        }

        @Override
        public String json(Capture mode) {
            Redactor redactor = new Redactor();
            ObjectNode answer = JSON.createObjectNode().put("stream", true);
            ObjectNode assembled = answer.putObject("texts");
            texts.forEach((key, pieces) -> {
                StringBuilder text = new StringBuilder();
                for (Piece piece : pieces) {
                    text.append(mode == Capture.FULL ? piece.sent()
                            : redactor.redact(piece.text(), piece.findings(), f -> f.tier() == Tier.TIER_2));
                }
                assembled.put(key, text.toString());
            });
            if (usage != null) {
                answer.set("usage", usage);
            }
            return answer.toString();
        }

        @Override
        public JsonNode member(String name) {
            return "usage".equals(name) ? usage : null;
        }
    }
}
