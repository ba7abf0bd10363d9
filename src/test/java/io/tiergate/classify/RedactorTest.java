package io.tiergate.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.policy.Tier;
import org.junit.jupiter.api.Test;

class RedactorTest {

    final Classifier classifier = new Classifier();

    String redact(Redactor redactor, String text) {
        return redactor.redact(text, classifier.classify(text).findings(), f -> f.tier() == Tier.TIER_2);
    }

    @Test
    void theSameValueGetsTheSamePlaceholderAcrossTextsOfOneRequest() {
        Redactor redactor = new Redactor();
        assertThat(redact(redactor, "Mail jane@example.com, not bob@example.org, then JANE@example.com again"))
                .isEqualTo("Mail <EMAIL_1>, not <EMAIL_2>, then <EMAIL_1> again");
        assertThat(redact(redactor, "Did bob@example.org answer? Card 4111 1111 1111 1111 = 4111111111111111"))
                .isEqualTo("Did <EMAIL_2> answer? Card <PAYMENT_CARD_1> = <PAYMENT_CARD_1>");
    }

    @Test
    void anotherRequestStartsItsNumberingAgain() {
        redact(new Redactor(), "bob@example.org");
        assertThat(redact(new Redactor(), "jane@example.com")).isEqualTo("<EMAIL_1>");
    }

    @Test
    void leavesTier1FindingsAndTheRestOfTheTextAlone() {
        assertThat(redact(new Redactor(), "Server 10.0.0.5 was hit by 8.8.8.8 — tell John Smith."))
                .isEqualTo("Server 10.0.0.5 was hit by <IP_ADDRESS_1> — tell <PERSON_1>.");
    }

    @Test
    void aFindingInsideAnotherGoesWithIt() {
        Finding outer = new Finding("SOURCE_CODE", 0, 20, 0.9, "source-code", Tier.TIER_2);
        Finding inner = new Finding("EMAIL", 5, 10, 0.99, "email", Tier.TIER_2);
        assertThat(new Redactor().redact("x".repeat(25), java.util.List.of(inner, outer), f -> true))
                .isEqualTo("<SOURCE_CODE_1>xxxxx");
    }
}
