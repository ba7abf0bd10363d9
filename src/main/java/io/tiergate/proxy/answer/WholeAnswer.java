package io.tiergate.proxy.answer;

import io.tiergate.gate.AnswerGate;
import io.tiergate.http.ProblemException;
import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.proxy.payload.PayloadException;
import io.tiergate.proxy.scan.DocumentScanner;
import io.tiergate.proxy.scan.RequestDocument;
import java.util.List;
import java.util.Set;

/**
 * A non-streamed LLM answer: parsed strictly as the request was, every string of it classified
 * (walked like the request: content, tool-call arguments, refusal, log-probability tokens, any
 * field), decided as {@code llm.respond} and recorded before it goes out; redacted where the
 * decision says, refused with 403 when it denies. An answer that does not parse is a 502.
 */
public final class WholeAnswer {

    private WholeAnswer() {
    }

    /** The bytes that may go out for {@code body}, or a problem (403 denied, 502 not an answer). */
    public static Result guard(DocumentScanner scanner, AnswerGate gate, AnswerGate.Exchange exchange, String upstream,
            byte[] body) {
        RequestDocument document;
        try {
            document = RequestDocument.parse(body, Set.of());
        } catch (ProblemException notJson) {
            gate.recordOutcome(exchange, Action.LLM_RESPOND, io.tiergate.policy.PolicyInput.Content.none(), "upstream_failed",
                    List.of(), Decision.Obligations.NONE, "answer: " + notJson.code());
            throw PayloadException.malformed(upstream);
        }
        DocumentScanner.Result scan = scanner.scan(document);
        AnswerGate.AnswerDecision recorded = gate.recordAnswer(exchange, scan.content(body.length));
        Decision decision = recorded.decision();
        if (!decision.allow()) {
            throw recorded.denial();
        }
        List<String> redact = decision.obligations().redact();
        if (redact.isEmpty()) {
            return new Result(body, List.of(), recorded, scan);
        }
        scan.redact(Set.copyOf(redact));
        return new Result(document.bytes(), redact, recorded, scan);
    }

    /**
     * What goes out, and the finding types replaced in it (none: the upstream's bytes as they came);
     * with the recorded decision and the scan, for the call's capture.
     */
    public record Result(byte[] body, List<String> redacted, AnswerGate.AnswerDecision decision, DocumentScanner.Result scan) {
    }
}
