package io.tiergate.proxy.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiergate.classify.Classifier;
import io.tiergate.policy.Decision;
import io.vertx.mutiny.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The event loop relays a streamed answer without ever blocking: clean events go out at once, and
 * the first event that needs the policy, the speculative probe or the answer's record is parked,
 * nothing of it sent, for a worker thread. The answers here have no gate: asking it would throw.
 */
class StreamedAnswerRelayTest {

    private static final Classifier CLASSIFIER = new Classifier();
    private static final Set<String> EMAIL = Set.of("EMAIL");

    private static StreamedAnswer answer(SpeculativeHold speculative) {
        return new StreamedAnswer(CLASSIFIER, null, null, 8192, 1 << 20, speculative);
    }

    private static String event(String content) {
        return "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
                + "\"}}]}\n\n";
    }

    private static List<String> texts(List<Buffer> buffers) {
        return buffers.stream().map(Buffer::toString).toList();
    }

    @Test
    void relaysCleanEventsWithoutParkingExactlyAsTheBlockingPathDoes() {
        String chunk = event("The weather ") + ": keep-alive\n\n" + event("is fine today.");
        StreamedAnswer.Relay relay = answer(SpeculativeHold.fixed(EMAIL, Set.of())).onChunkWithoutBlocking(Buffer.buffer(chunk));
        assertThat(relay.parked()).isFalse();
        assertThat(texts(relay.out()))
                .hasSize(3)
                .isEqualTo(texts(answer(SpeculativeHold.fixed(EMAIL, Set.of())).onChunk(Buffer.buffer(chunk))));
    }

    @Test
    void parksTheFirstEventWithAFindingOfANewTypeAndSendsNothingOfIt() {
        StreamedAnswer answer = answer(SpeculativeHold.fixed(EMAIL, Set.of()));
        StreamedAnswer.Relay relay = answer.onChunkWithoutBlocking(Buffer.buffer(event("Hello. ") + event("Mail bob.smith@example.com now. ")
                + event("Bye.")));
        assertThat(relay.parked()).isTrue();
        assertThat(texts(relay.out())).containsExactly(event("Hello. "));
        assertThatThrownBy(() -> answer.onChunkWithoutBlocking(Buffer.buffer(event("more"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parksTheLastEventForTheAnswersRecord() {
        StreamedAnswer.Relay relay = answer(SpeculativeHold.fixed(EMAIL, Set.of()))
                .onChunkWithoutBlocking(Buffer.buffer(event("Done. ") + "data: [DONE]\n\n"));
        assertThat(relay.parked()).isTrue();
        assertThat(texts(relay.out())).containsExactly(event("Done. "));
    }

    @Test
    void parksATextEndingInsideAWordUntilTheSpeculativeProbeHasAnsweredThenRelaysOnResume() {
        List<Runnable> probe = new ArrayList<>();
        Executor later = probe::add;
        StreamedAnswer answer = answer(SpeculativeHold.probe(EMAIL,
                content -> new Decision(true, List.of(), Decision.Obligations.NONE), later));
        StreamedAnswer.Relay first = answer.onChunkWithoutBlocking(Buffer.buffer(event("") + event("Hello, ")));
        assertThat(first.parked()).as("nothing of these texts could be held for the probe").isFalse();
        assertThat(texts(first.out())).containsExactly(event(""), event("Hello, "));

        StreamedAnswer.Relay relay = answer.onChunkWithoutBlocking(Buffer.buffer(event("wor")));
        assertThat(relay.parked()).isTrue();
        assertThat(relay.out()).isEmpty();

        probe.forEach(Runnable::run);
        assertThat(texts(answer.resume())).containsExactly(event("wor"));
        StreamedAnswer.Relay next = answer.onChunkWithoutBlocking(Buffer.buffer(event("ld")));
        assertThat(next.parked()).isFalse();
        assertThat(texts(next.out())).containsExactly(event("ld"));
    }

    @Test
    void leavesTextPastTheInlineBoundToAWorkerThread() {
        String longText = "word ".repeat(StreamedAnswer.INLINE_CHARS / 5 + 1);
        StreamedAnswer answer = answer(SpeculativeHold.fixed(EMAIL, Set.of()));
        StreamedAnswer.Relay relay = answer.onChunkWithoutBlocking(Buffer.buffer(event("Short. ") + event(longText)));
        assertThat(relay.parked()).isTrue();
        assertThat(texts(relay.out())).containsExactly(event("Short. "));
        assertThat(texts(answer.resume())).containsExactly(event(longText));
    }

    @Test
    void scansAChunkOfManyShortEventsOnTheEventLoopOnlyUpToTheBound() {
        StringBuilder chunk = new StringBuilder();
        int events = 0;
        while (chunk.length() <= 2 * StreamedAnswer.INLINE_CHARS) {
            chunk.append(event("word" + events++ + " "));
        }
        StreamedAnswer answer = answer(SpeculativeHold.fixed(EMAIL, Set.of()));
        StreamedAnswer.Relay relay = answer.onChunkWithoutBlocking(Buffer.buffer(chunk.toString()));
        assertThat(relay.parked()).isTrue();
        assertThat(relay.out().size()).isBetween(events / 3, 2 * events / 3);
        assertThat(relay.out().size() + answer.resume().size()).isEqualTo(events);
    }
}
