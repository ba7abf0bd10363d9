package io.tiergate.classify.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.classify.Detector.Hold;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each detector's hold-back: the tail of a streamed text that could still become one of its findings, and nothing else. */
class HoldBackTest {

    @Test
    void privateKeyHoldsAnOpenBlockAndWhatCouldStartOne() {
        PrivateKeyDetector keys = new PrivateKeyDetector();
        assertThat(keys.holdBack("Here: -----BEGIN RSA PRI")).isEqualTo(new Hold(18, "PRIVATE_KEY"));
        assertThat(keys.holdBack("Here: -----BEGIN RSA PRIVATE KEY-----\nMIIE")).extracting(Hold::chars).isEqualTo(36);
        assertThat(keys.holdBack("a dash -")).isEqualTo(new Hold(1, "PRIVATE_KEY"));
        assertThat(keys.holdBack("Here: -----BEG")).isEqualTo(new Hold(8, "PRIVATE_KEY"));
        assertThat(keys.holdBack("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- done")).isEqualTo(Hold.NONE);
        assertThat(keys.holdBack("plain words")).isEqualTo(Hold.NONE);
    }

    @Test
    void paymentCardHoldsATrailingRunOfDigitsThatStandsAlone() {
        PaymentCardDetector cards = new PaymentCardDetector();
        assertThat(cards.holdBack("card 4111 1111 ")).isEqualTo(new Hold(10, "PAYMENT_CARD"));
        assertThat(cards.holdBack("card 4111-11")).isEqualTo(new Hold(7, "PAYMENT_CARD"));
        assertThat(cards.holdBack("word0 ")).isEqualTo(Hold.NONE);
        assertThat(cards.holdBack("no digits here")).isEqualTo(Hold.NONE);
        assertThat(cards.holdBack("x " + "1".repeat(20))).isEqualTo(Hold.NONE);
    }

    @Test
    void emailHoldsATrailingAddressOnceItHasAnAt() {
        EmailDetector emails = new EmailDetector(List.of());
        assertThat(emails.holdBack("Write to bob.smith@exa")).isEqualTo(new Hold(13, "EMAIL"));
        assertThat(emails.holdBack("Write to bob.smith")).isEqualTo(Hold.NONE);
        assertThat(emails.holdBack("Write to bob@acme.com today")).isEqualTo(Hold.NONE);
    }

    @Test
    void emailHoldsSpeculativelyATrailingWordThatCouldStillBecomeALocalPart() {
        EmailDetector emails = new EmailDetector(List.of());
        assertThat(emails.speculativeHoldType()).isEqualTo("EMAIL");
        assertThat(emails.speculativeHoldBack("Write to bob.smith")).isEqualTo(new Hold(9, "EMAIL"));
        assertThat(emails.speculativeHoldBack("Write to bob.")).isEqualTo(new Hold(4, "EMAIL"));
        assertThat(emails.speculativeHoldBack("Write to bob.smith@exa")).isEqualTo(new Hold(13, "EMAIL"));
        // no local part is longer than 64 characters: what comes before them cannot be part of an address
        assertThat(emails.speculativeHoldBack("x " + "a".repeat(100))).isEqualTo(new Hold(64, "EMAIL"));
        assertThat(emails.speculativeHoldBack("Write to ")).isEqualTo(Hold.NONE);
        assertThat(emails.speculativeHoldBack("Done!")).isEqualTo(Hold.NONE);
        assertThat(emails.speculativeHoldBack("Write to bob@acme.com today, ")).isEqualTo(Hold.NONE);
    }

    @Test
    void classifierHoldsSpeculativelyOnlyForTheTypesAStreamAsksFor() {
        io.tiergate.classify.Classifier classifier = new io.tiergate.classify.Classifier();
        assertThat(classifier.speculativeHoldTypes()).containsExactlyInAnyOrder("EMAIL", "GENERIC_SECRET");
        assertThat(classifier.holdBack("The answer")).isEqualTo(Hold.NONE);
        assertThat(classifier.holdBack("The answer", java.util.Set.of())).isEqualTo(Hold.NONE);
        assertThat(classifier.holdBack("The answer", java.util.Set.of("EMAIL"))).isEqualTo(new Hold(6, "EMAIL"));
        assertThat(classifier.holdBack("The answer", java.util.Set.of("PHONE"))).isEqualTo(Hold.NONE);
        assertThat(classifier.holdBack("The answer", java.util.Set.of("GENERIC_SECRET"))).isEqualTo(Hold.NONE);
        assertThat(classifier.holdBack("The key r2A2Vpq", java.util.Set.of("GENERIC_SECRET"))).isEqualTo(new Hold(7, "GENERIC_SECRET"));
        assertThat(classifier.holdBack("The key r2A2Vpq", java.util.Set.of())).isEqualTo(Hold.NONE);
        // a plain hold stays whatever the stream asks for
        assertThat(classifier.holdBack("Here: -----BEGIN RSA PRI", java.util.Set.of())).extracting(Hold::type).isEqualTo("PRIVATE_KEY");
    }

    @Test
    void providerTokenHoldsAWordStartingWithATokenPrefix() {
        ProviderTokenDetector tokens = new ProviderTokenDetector();
        assertThat(tokens.holdBack("use glsa_12ab")).isEqualTo(new Hold(9, "TOKEN"));
        assertThat(tokens.holdBack("use gl")).isEqualTo(Hold.NONE);
        assertThat(tokens.holdBack("use gls")).isEqualTo(new Hold(3, "TOKEN"));
        assertThat(tokens.holdBack("Skip it")).isEqualTo(Hold.NONE);
        assertThat(tokens.holdBack("a plain sentence ")).isEqualTo(Hold.NONE);
    }

    @Test
    void detectorsWithoutAStreamingCandidateHoldNothing() {
        assertThat(new IbanDetector().holdBack("DE89 3704")).isEqualTo(Hold.NONE);
    }
}
