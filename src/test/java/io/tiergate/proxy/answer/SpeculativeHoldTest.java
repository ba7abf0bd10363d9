package io.tiergate.proxy.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.classify.Classifier;
import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.FindingCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A stream holds an open word that could be an e-mail's local part exactly where the policy would redact or refuse e-mail addresses. */
class SpeculativeHoldTest {

    private static final Set<String> EMAIL = Set.of("EMAIL");
    private static final Executor NOW = Runnable::run;
    private static final Classifier CLASSIFIER = new Classifier();

    private static Decision allow(String... redact) {
        return new Decision(true, List.of("tier1_access"), new Decision.Obligations(List.of(redact), List.of(), Decision.Capture.NONE));
    }

    @Test
    void asksThePolicyAboutOneTier2AddressAndHoldsWhereItWouldBeRedactedOrRefused() {
        List<Content> asked = new ArrayList<>();
        Function<Content, Decision> redacting = content -> {
            asked.add(content);
            return allow("EMAIL");
        };
        assertThat(SpeculativeHold.probe(EMAIL, redacting, NOW).types()).isEqualTo(EMAIL);
        assertThat(asked).containsExactly(new Content(2, List.of(new FindingCount("EMAIL", 2, 1)), 0));
        assertThat(SpeculativeHold.probe(EMAIL, c -> Decision.deny("tier2_response_requires_grant"), NOW).types()).isEqualTo(EMAIL);
        assertThat(SpeculativeHold.probe(EMAIL, c -> allow("CREDENTIAL"), NOW).types()).isEmpty();
        assertThat(SpeculativeHold.probe(EMAIL, c -> allow(), NOW).types()).isEmpty();
    }

    @Test
    void holdsWhenThePolicyCannotAnswer() {
        Function<Content, Decision> down = c -> {
            throw new IllegalStateException("grant store unavailable");
        };
        assertThat(SpeculativeHold.probe(EMAIL, down, NOW).types()).isEqualTo(EMAIL);
        Executor never = task -> { };
        assertThat(SpeculativeHold.probe(EMAIL, c -> allow(), never).types()).isEqualTo(EMAIL);
    }

    @Test
    void aStrictStreamSendsNothingOfTheLocalPartBeforeItsAtArrives() {
        HeldText text = new HeldText(CLASSIFIER, 8192, SpeculativeHold.fixed(EMAIL, EMAIL));
        List<String> released = new ArrayList<>();
        for (String piece : List.of("Write to bob", ".smith", "@example", ".com today")) {
            released.add(text.append(piece, false).text());
        }
        HeldText.Release rest = text.append("", true);
        assertThat(released).containsExactly("Write to ", "", "", "bob.smith@example.com ");
        assertThat(rest.text()).isEqualTo("today");
    }

    @Test
    void aStrictStreamSendsAtMostTheFirstCharactersOfABareKey() {
        Set<String> secret = Set.of("GENERIC_SECRET");
        String key = "r2A2VpqFPndqMJb4PlZQ9GS0BsDE2/tc9MtmkTlq";
        HeldText text = new HeldText(CLASSIFIER, 8192, SpeculativeHold.fixed(secret, secret));
        List<HeldText.Release> released = new ArrayList<>();
        for (String piece : List.of("Here is my key: ", key.substring(0, 25), key.substring(25) + " but it", " returns 401")) {
            released.add(text.append(piece, false));
        }
        assertThat(released).extracting(HeldText.Release::text).containsExactly("Here is my key: ", "", key + " but it",
                " returns "); // the digits wait as they always did: they could grow into a card number
        assertThat(released.get(2).findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("GENERIC_SECRET");
            assertThat(f.start()).isZero();
            assertThat(f.end()).isEqualTo(40);
        });
        // a key that arrives a few characters at a time: the first six leave, the rest of it only as the finding
        HeldText small = new HeldText(CLASSIFIER, 8192, SpeculativeHold.fixed(secret, secret));
        assertThat(small.append("my key: r2A", false).text()).isEqualTo("my key: r2A");
        assertThat(small.append("2Vp", false).text()).isEqualTo("2Vp");
        assertThat(small.append("qFP", false).text()).isEmpty();
        HeldText.Release rest = small.append(key.substring(9) + " ok", false);
        assertThat(rest.text()).isEqualTo(key.substring(6) + " ok");
        assertThat(rest.findings()).singleElement().satisfies(f -> assertThat(f.end() - f.start()).isEqualTo(34));
        // and a stream that may pass credentials (a policy that does not redact them) holds no word for them
        HeldText open = new HeldText(CLASSIFIER, 8192, SpeculativeHold.fixed(secret, Set.of()));
        assertThat(open.append("my key: r2A2VpqF", false).text()).isEqualTo("my key: r2A2VpqF");
    }

    @Test
    void anOpenStreamReleasesEveryWordAtOnceAndHoldsOnlyWhatHasAnAt() {
        HeldText text = new HeldText(CLASSIFIER, 8192, SpeculativeHold.fixed(EMAIL, Set.of()));
        List<String> released = new ArrayList<>();
        for (String piece : List.of("The", " answer", " is bob", "@exa", "mple.com ok")) {
            released.add(text.append(piece, false).text());
        }
        assertThat(released).containsExactly("The", " answer", " is bob", "", "@example.com ok");
    }

    @Test
    void aStrictStreamDoesNotWaitForThePolicyOnTextEndingOutsideAWord() {
        Executor never = task -> { };
        SpeculativeHold unanswered = SpeculativeHold.probe(EMAIL, c -> allow(), never);
        HeldText text = new HeldText(CLASSIFIER, 8192, unanswered);
        assertThat(text.append("The answer is ", false).text()).isEqualTo("The answer is ");
        assertThat(text.append("forty-two. ", false).text()).isEqualTo("forty-two. ");
        assertThat(unanswered.consulted()).isFalse();
        assertThat(text.append("Bye", false).text()).isEmpty();
        assertThat(unanswered.consulted()).isTrue();
    }
}
