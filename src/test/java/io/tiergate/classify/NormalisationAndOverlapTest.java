package io.tiergate.classify;

import io.tiergate.policy.Tier;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Tier 2 finding inside a Tier 1 span is reported, and the detectors read the text normalised
 * (NFKC, no zero-width characters) while findings keep the caller's offsets.
 */
class NormalisationAndOverlapTest {

    static final String TOKEN_BODY = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    final Classifier engine = new Classifier(ClassifierSettings.defaults().withTier1EmailDomains(List.of("tiergate.dev")));

    List<String> found(String text) {
        return engine.classify(text).findings().stream()
                .map(f -> f.type() + "/" + f.tier().level() + "=" + text.substring(f.start(), f.end())).toList();
    }

    @Test
    void aCardInsideAnAllowListedAddressIsReportedAtTier2() {
        String text = "Card 4111-1111-1111-1111@tiergate.dev";
        Classification c = engine.classify(text);
        assertThat(c.tier()).isEqualTo(Tier.TIER_2);
        assertThat(found(text)).contains("PAYMENT_CARD/2=4111-1111-1111-1111");
    }

    @Test
    void aTier2FindingBeatsALongerTier1OneOfTheSameKindOfType() {
        String text = "ssn 123-45-6789@eu.tiergate.dev please";
        assertThat(found(text)).contains("US_SSN/2=123-45-6789");
        assertThat(engine.classify(text).tier()).isEqualTo(Tier.TIER_2);
    }

    @Test
    void aTokenWithAZeroWidthSpaceInItsPrefixIsFoundWhereItSits() {
        String text = "here: gh\u200Bp_" + TOKEN_BODY + " thanks";
        assertThat(found(text)).containsExactly("TOKEN/2=gh\u200Bp_" + TOKEN_BODY);
    }

    @Test
    void aTokenInFullwidthLettersIsFound() {
        String text = "Grüße 👋 ｇｈｐ＿" + TOKEN_BODY + " bye";
        assertThat(found(text)).containsExactly("TOKEN/2=ｇｈｐ＿" + TOKEN_BODY);
    }

    @Test
    void findingsAfterExpandedOrRemovedCharactersKeepTheOriginalOffsets() {
        // U+FB01 (ﬁ) becomes two characters, U+200D disappears: both shift what follows in the normalised text
        String text = "ﬁle\u200D from jane@example.com, card ４１１１ １１１１ １１１１ １１１１.";
        assertThat(found(text)).containsExactly("EMAIL/2=jane@example.com", "PAYMENT_CARD/2=４１１１ １１１１ １１１１ １１１１");
    }

    @Test
    void redactionReplacesTheOriginalSpan() {
        String text = "key gh\u200Bp_" + TOKEN_BODY + " and mail ｊａｎｅ@example.com end";
        Classification c = engine.classify(text);
        String redacted = new Redactor().redact(text, c.findings(), f -> f.tier() == Tier.TIER_2);
        assertThat(redacted).isEqualTo("key <TOKEN_1> and mail <EMAIL_1> end");
    }

    @Test
    void asciiTextIsReadAsItIs() {
        NormalizedText n = NormalizedText.of("plain ascii");
        assertThat(n.identity()).isTrue();
        assertThat(NormalizedText.of("zero\u200Bwidth").text()).isEqualTo("zerowidth");
    }
}
