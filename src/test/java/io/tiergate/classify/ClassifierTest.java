package io.tiergate.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    final Classifier classifier = new Classifier();

    List<String> types(String text) {
        return classifier.classify(text).findings().stream().map(Finding::type).toList();
    }

    @Test
    void cleanProseIsTier1() {
        Classification c = classifier.classify("Summarise the release process for the mobile app in three bullets.");
        assertThat(c.tier()).isEqualTo(Tier.TIER_1);
        assertThat(c.findings()).isEmpty();
        assertThat(classifier.classify("").tier()).isEqualTo(Tier.TIER_1);
        assertThat(classifier.classify(null).tier()).isEqualTo(Tier.TIER_1);
    }

    @Test
    void findsEmailAddressesWithTheirSpans() {
        String text = "Write to jane.doe@example.com today";
        Classification c = classifier.classify(text);
        assertThat(c.tier()).isEqualTo(Tier.TIER_2);
        Finding f = c.findings().get(0);
        assertThat(f.type()).isEqualTo("EMAIL");
        assertThat(text.substring(f.start(), f.end())).isEqualTo("jane.doe@example.com");
        assertThat(f.detector()).isEqualTo("email");
    }

    @Test
    void ignoresThingsThatOnlyLookLikeEmailAddresses() {
        assertThat(types("use @Inject on the field; see user@localhost or a@b.invalidtld")).isEmpty();
    }

    @Test
    void findsLuhnValidCardNumbersInCommonFormats() {
        assertThat(types("card 4111 1111 1111 1111 exp 12/29")).containsExactly("PAYMENT_CARD");
        assertThat(types("card 5500-0000-0000-0004")).containsExactly("PAYMENT_CARD");
        assertThat(types("card 378282246310005")).containsExactly("PAYMENT_CARD");
    }

    @Test
    void ignoresDigitRunsThatFailTheLuhnCheck() {
        assertThat(types("order 4111 1111 1111 1112 and id 1234567890123")).isEmpty();
    }

    @Test
    void findsPemPrivateKeysAsOneBlock() {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
        String text = "my key:\n" + key + "\nthanks";
        Finding f = classifier.classify(text).findings().get(0);
        assertThat(f.type()).isEqualTo("PRIVATE_KEY");
        assertThat(text.substring(f.start(), f.end())).isEqualTo(key);
    }

    @Test
    void aTruncatedPrivateKeyIsStillAKey() {
        String text = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA";
        Finding f = classifier.classify(text).findings().get(0);
        assertThat(f.type()).isEqualTo("PRIVATE_KEY");
        assertThat(f.end()).isEqualTo(text.length());
    }

    @Test
    void publicKeysAndCertificatesAreNotPrivateKeys() {
        assertThat(types("-----BEGIN PUBLIC KEY-----\nMFkwEwYH\n-----END PUBLIC KEY-----")).isEmpty();
    }

    @Test
    void findsAwsAccessKeyIds() {
        assertThat(types("aws_access_key_id = AKIAIOSFODNN7EXAMPLE")).containsExactly("CLOUD_KEY");
        assertThat(types("AKIAIOSFODNN7EXAMPL")).isEmpty(); // too short
        assertThat(types("XAKIAIOSFODNN7EXAMPLEX")).isEmpty(); // not a token of its own
    }

    @Test
    void reportsEveryFindingInOrderAndCountsThemByType() {
        Classification c = classifier.classify(
                "a@example.com then 4111111111111111 then b@example.org then AKIAIOSFODNN7EXAMPLE");
        assertThat(c.findings()).extracting(Finding::type)
                .containsExactly("EMAIL", "PAYMENT_CARD", "EMAIL", "CLOUD_KEY");
        assertThat(c.counts()).extracting(fc -> fc.type() + "=" + fc.count())
                .containsExactly("CLOUD_KEY=1", "EMAIL=2", "PAYMENT_CARD=1");
    }
}
