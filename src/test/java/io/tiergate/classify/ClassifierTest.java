package io.tiergate.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiergate.policy.Tier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    static final Classifier classifier = new Classifier();

    static List<String> types(String text) {
        return classifier.classify(text).findings().stream().map(Finding::type).toList();
    }

    /** The text each finding spans, as "TYPE=value". */
    static List<String> found(Classifier engine, String text) {
        return engine.classify(text).findings().stream().map(f -> f.type() + "=" + text.substring(f.start(), f.end())).toList();
    }

    static List<String> found(String text) {
        return found(classifier, text);
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
        assertThat(f).extracting(Finding::type, Finding::start, Finding::end, Finding::detector)
                .containsExactly("EMAIL", 9, 29, "email");
        assertThat(found(text)).containsExactly("EMAIL=jane.doe@example.com");
    }

    @Test
    void spansAreUtf16OffsetsIntoTheText() {
        String text = "Grüße 👋 an jane@example.com";
        Finding f = classifier.classify(text).findings().get(0);
        assertThat(text.substring(f.start(), f.end())).isEqualTo("jane@example.com");
        assertThat(f.start()).isEqualTo(text.indexOf("jane"));
    }

    @Test
    void ignoresThingsThatOnlyLookLikeEmailAddresses() {
        assertThat(types("use @Inject on the field; see user@localhost or a@b.invalidtld")).isEmpty();
    }

    @Test
    void allowListedEmailDomainsAreTier1Findings() {
        Classifier engine = new Classifier(ClassifierSettings.defaults().withTier1EmailDomains(List.of("tiergate.dev")));
        Classification own = engine.classify("ask ops@tiergate.dev or dev@eu.tiergate.dev");
        assertThat(own.tier()).isEqualTo(Tier.TIER_1);
        assertThat(own.findings()).extracting(Finding::type, Finding::tier)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("EMAIL", Tier.TIER_1), org.assertj.core.groups.Tuple.tuple("EMAIL", Tier.TIER_1));
        assertThat(engine.classify("ask ops@tiergate.dev.evil.com").tier()).isEqualTo(Tier.TIER_2);
        assertThat(own.counts()).extracting(fc -> fc.type() + "/" + fc.tier() + "=" + fc.count()).containsExactly("EMAIL/1=2");
    }

    @Test
    void findsLuhnValidCardNumbersInCommonFormats() {
        assertThat(types("card 4111 1111 1111 1111 exp 12/29")).containsExactly("PAYMENT_CARD");
        assertThat(types("card 5500-0000-0000-0004")).containsExactly("PAYMENT_CARD");
        assertThat(types("card 378282246310005")).containsExactly("PAYMENT_CARD");
    }

    @Test
    void ignoresDigitRunsThatFailTheLuhnCheckOrHaveNoIssuer() {
        assertThat(types("order 4111 1111 1111 1112 and id 1234567890123")).isEmpty();
        assertThat(types("build 1.4111111111111111.2 and 0000000000000000")).isEmpty();
    }

    @Test
    void findsIbansCompactAndGroupedOnlyWithAValidChecksum() {
        assertThat(found("pay to DE89 3704 0044 0532 0130 00 by Friday")).containsExactly("IBAN=DE89 3704 0044 0532 0130 00");
        assertThat(found("GB82WEST12345698765432.")).containsExactly("IBAN=GB82WEST12345698765432");
        assertThat(types("pay to DE89 3704 0044 0532 0130 01")).doesNotContain("IBAN");
    }

    @Test
    void findsUsSocialSecurityNumbersButNotImpossibleOnes() {
        assertThat(found("SSN 123-45-6789.")).containsExactly("US_SSN=123-45-6789");
        assertThat(found("ssn: 123456789")).containsExactly("US_SSN=123456789");
        assertThat(types("000-12-3456 666-12-3456 900-12-3456 123-00-4567 and 123456789 alone")).doesNotContain("US_SSN");
    }

    @Test
    void findsUkNationalInsuranceNumbers() {
        assertThat(found("NI number AB 12 34 56 C")).containsExactly("UK_NINO=AB 12 34 56 C");
        assertThat(found("JG103759A")).containsExactly("UK_NINO=JG103759A");
        assertThat(types("GB 12 34 56 A and DQ123456A")).doesNotContain("UK_NINO");
    }

    @Test
    void findsIpAddressesV4AndV6AndKeepsInternalOnesTier1() {
        assertThat(found("from 8.8.8.8 and 2001:4860:4860::8888 today (and 1.1.1.1)"))
                .containsExactly("IP_ADDRESS=8.8.8.8", "IP_ADDRESS=2001:4860:4860::8888", "IP_ADDRESS=1.1.1.1");
        Classification internal = classifier.classify("listen on 127.0.0.1, 10.1.2.3 and ::1");
        assertThat(internal.findings()).hasSize(3).allMatch(f -> f.tier() == Tier.TIER_1);
        assertThat(internal.tier()).isEqualTo(Tier.TIER_1);
        assertThat(types("version 1.2.3.4, v10.0.0.1, OID 1.3.6.1.4.1 and 999.1.1.1 and 12:30:45")).isEmpty();
    }

    @Test
    void findsPhoneNumbersInInternationalAndNationalFormats() {
        assertThat(found("call +44 20 7946 0958 or (650) 253-0000 or +49 30 901820"))
                .containsExactly("PHONE=+44 20 7946 0958", "PHONE=(650) 253-0000", "PHONE=+49 30 901820");
        assertThat(found("phone 6502530000")).containsExactly("PHONE=6502530000");
        assertThat(types("order 6502530000 shipped on 2024-05-12")).isEmpty();
    }

    @Test
    void findsPeopleByNameListsAndContext() {
        assertThat(found("Please ask John Smith and Mary Ann Johnson.")).containsExactly("PERSON=John Smith", "PERSON=Mary Ann Johnson");
        assertThat(found("Dear Priya, thanks")).containsExactly("PERSON=Priya");
        assertThat(found("Dr. Okafor will call")).containsExactly("PERSON=Okafor");
        assertThat(types("Will this work in May? See the New York office.")).isEmpty();
    }

    @Test
    void findsStreetAddresses() {
        assertThat(found("ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 today"))
                .containsExactly("STREET_ADDRESS=1600 Pennsylvania Avenue NW, Washington, DC 20500");
        assertThat(found("10 Downing Street, London SW1A 2AA")).containsExactly("STREET_ADDRESS=10 Downing Street, London SW1A 2AA");
        assertThat(types("we shipped 3 Main features")).isEmpty();
    }

    @Test
    void findsPemPrivateKeysAsOneBlockAndTruncatedOnesToTheEnd() {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
        assertThat(found("my key:\n" + key + "\nthanks")).containsExactly("PRIVATE_KEY=" + key);
        String truncated = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA";
        assertThat(found(truncated)).containsExactly("PRIVATE_KEY=" + truncated);
        assertThat(types("-----BEGIN PUBLIC KEY-----\nMFkwEwYH\n-----END PUBLIC KEY-----")).isEmpty();
    }

    @Test
    void findsCloudKeys() {
        assertThat(found("aws_access_key_id = AKIAIOSFODNN7EXAMPLE")).containsExactly("CLOUD_KEY=AKIAIOSFODNN7EXAMPLE");
        assertThat(types("AKIAIOSFODNN7EXAMPL and XAKIAIOSFODNN7EXAMPLEX")).isEmpty();
        assertThat(found("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"))
                .containsExactly("CLOUD_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertThat(found("key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW ok")).containsExactly("CLOUD_KEY=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW");
        String azure = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + "PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA/2O76UMFxFkM/R5Kjp1vRt+1fjORS/6ilI8ihN5KXSc7Tvo" + "==;EndpointSuffix=core.windows.net";
        assertThat(types(azure)).containsExactly("CLOUD_KEY");
    }

    @Test
    void findsTokensByTheirPrefixes() {
        assertThat(types("ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8")).containsExactly("TOKEN");
        assertThat(types("glpat-" + "xY7_kP2mQ9vR4tL8nB3w")).containsExactly("TOKEN");
        assertThat(types("xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")).containsExactly("TOKEN");
        assertThat(types("sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc")).containsExactly("TOKEN");
        assertThat(types("OPENAI_KEY sk-proj-" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kM9nP2rS5uV8xA1dG4")).containsExactly("TOKEN");
        assertThat(types("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"))
                .containsExactly("TOKEN");
        assertThat(types("use scikit's sk-learn-compatible-estimator-api for this")).isEmpty();
        assertThat(types("eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghij")).isEmpty(); // header names no algorithm
    }

    @Test
    void findsPasswordsInConnectionStringsAndAssignmentsButNotPlaceholders() {
        assertThat(found("DATABASE_URL=postgres://app:S3cr3t-Pa55@db.internal:5432/app"))
                .containsExactly("PASSWORD=S3cr3t-Pa55");
        assertThat(found("password = \"hunter2x\"")).containsExactly("PASSWORD=hunter2x");
        assertThat(found("{\"db_password\": \"Tr0ub4dor&3\"}")).containsExactly("PASSWORD=Tr0ub4dor&3");
        assertThat(types("password = \"${DB_PASSWORD}\"; password: <your-password>; password=changeme; "
                + "password = os.environ['PW']; postgres://user:password@localhost/db")).isEmpty();
    }

    @Test
    void findsHighEntropySecretsButNotUuidsHashesOrPlaceholders() {
        assertThat(found("client_secret = \"a8F3kL9mQ2xV7pR4tY6u\"")).containsExactly("GENERIC_SECRET=a8F3kL9mQ2xV7pR4tY6u");
        assertThat(types("api_key = \"123e4567-e89b-12d3-a456-426614174000\"")).isEmpty();
        assertThat(types("\"integrity\": \"sha512-Vq3mPnt2hV9pDl+4yZ7cQ8xR1kE6wS5aB0fN3jM2oL9uT4iY7\"")).isEmpty();
        assertThat(types("secret_key = \"your-secret-key-here\"; api_key: xxxxxxxxxxxxxxxxxxxx; token = {{ vault_token }}"))
                .doesNotContain("GENERIC_SECRET", "PASSWORD", "TOKEN");
        assertThat(types("token_type = \"bearer_access_token_v2\"")).isEmpty();
    }

    @Test
    void readsTheValueOfANameValuePairAsAssignedToTheName() {
        String secret = "a8F3kL9mQ2xV7pR4tY6u";
        assertThat(found("env:\n  - name: API_TOKEN\n    value: " + secret + "\n")).containsExactly("GENERIC_SECRET=" + secret);
        assertThat(found("[{\"name\": \"DB_PASSWORD\", \"value\": \"Tr0ub4dor&3\"}]")).containsExactly("PASSWORD=Tr0ub4dor&3");
        assertThat(found("- Name: CLIENT_SECRET\n  Value: " + secret)).containsExactly("GENERIC_SECRET=" + secret);
        String aws = "96YZJ/LuarSHuE5joWt7JAhwZ8bXHgWfLAeX28UY";
        assertThat(found("env:\n  - name: AWS_SECRET_ACCESS_KEY\n    value: " + aws + "\n")).containsExactly("CLOUD_KEY=" + aws);
        // a reference to a secret held elsewhere, a name that is no pair's, a value too far away
        assertThat(types("env:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef: {name: api, key: token}\n")).isEmpty();
        assertThat(types("title: API_TOKEN\n  value: " + secret)).isEmpty();
        assertThat(types("- name: API_TOKEN\n  description: the token of the billing service, rotated weekly\n  value: " + secret))
                .isEmpty();
    }

    @Test
    void reportsSourceCodeFencedOrNotAtTier1WithoutCustomerMarkers() {
        String code = "def total(items):\n    s = 0\n    for i in items:\n        s += i.price\n    return s\n";
        Classification c = classifier.classify("Why is this slow?\n\n" + code + "\nThanks!");
        assertThat(c.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("SOURCE_CODE");
            assertThat(f.tier()).isEqualTo(Tier.TIER_1);
            assertThat(f.score()).isGreaterThanOrEqualTo(0.9);
        });
        assertThat(found("Look:\n```\nSELECT name FROM users;\n```\n")).containsExactly("SOURCE_CODE=SELECT name FROM users;");
        assertThat(types("We met on Tuesday. The plan is simple: ship the fix, then write the report.")).isEmpty();
    }

    @Test
    void customerCodeMarkersMakeCodeTier2EvenOnTheirOwn() {
        Classifier engine = new Classifier(ClassifierSettings.defaults().withCustomerCodeMarkers(List.of("com.acme.", "Copyright (c) Acme Corp")));
        Classification code = engine.classify("// Copyright (c) Acme Corp\npackage com.acme.billing;\n\npublic class Invoice {\n  int total;\n}\n");
        assertThat(code.tier()).isEqualTo(Tier.TIER_2);
        assertThat(code.findings()).singleElement().extracting(Finding::type, Finding::tier, Finding::detector)
                .containsExactly("SOURCE_CODE", Tier.TIER_2, "customer-code");
        assertThat(found(engine, "The bug is in com.acme.billing, I think.")).containsExactly("SOURCE_CODE=com.acme.billing");
        Classification alone = engine.classify("The bug is in com.acme.billing, I think.");
        assertThat(alone.findings()).singleElement().extracting(Finding::type, Finding::tier, Finding::detector)
                .containsExactly("SOURCE_CODE", Tier.TIER_2, "customer-code-marker");
        assertThat(classifier.classify("The bug is in com.acme.billing, I think.").tier()).isEqualTo(Tier.TIER_1);
    }

    @Test
    void customDetectorsComeFromConfigurationWithChecksAndContext() {
        var detector = ClassifierSettings.CustomDetector.of("acme-customer", "CUSTOMER_ID", "\\bAC-\\d{7}\\b", "luhn",
                List.of("AC-"), List.of(), 48, 16, Optional.empty(), 0.9);
        var contextual = ClassifierSettings.CustomDetector.of("acme-account", "CUSTOMER_ID", "\\b\\d{8}\\b", "none",
                List.of(), List.of("account"), 24, 8, Optional.empty(), 0.8);
        Classifier engine = new Classifier(ClassifierSettings.defaults().withCustomDetectors(List.of(detector, contextual)));
        assertThat(found(engine, "customer AC-1234566 and AC-1234567")).containsExactly("CUSTOMER_ID=AC-1234566");
        assertThat(found(engine, "Account no. 12345678, invoice 87654321")).containsExactly("CUSTOMER_ID=12345678");
    }

    @Test
    void refusesCustomDetectorsThatCannotWork() {
        assertThatThrownBy(() -> ClassifierSettings.CustomDetector.of("x", "CUSTOMER_ID", "(unclosed", "none",
                List.of("k"), List.of(), 48, 16, Optional.empty(), 0.9)).hasMessageContaining("pattern does not compile");
        assertThatThrownBy(() -> ClassifierSettings.CustomDetector.of("x", "CUSTOMER_ID", "\\d+", "none",
                List.of(), List.of(), 48, 16, Optional.empty(), 0.9)).hasMessageContaining("needs keywords or context-words");
        assertThatThrownBy(() -> ClassifierSettings.CustomDetector.of("x", "customer id", "\\d+", "none",
                List.of("k"), List.of(), 48, 16, Optional.empty(), 0.9)).hasMessageContaining("must be upper case");
        assertThatThrownBy(() -> ClassifierSettings.CustomDetector.of("x", "CUSTOMER_ID", "\\d+", "crc32",
                List.of("k"), List.of(), 48, 16, Optional.empty(), 0.9)).hasMessageContaining("not one of none, luhn, mod97, mod11");
    }

    @Test
    void typesMapToTiersByConfiguration() {
        Classifier allCodeIsTier2 = new Classifier(ClassifierSettings.defaults().withTier("SOURCE_CODE", Tier.TIER_2));
        assertThat(allCodeIsTier2.classify("```\nint x = 1;\n```").tier()).isEqualTo(Tier.TIER_2);
        Classifier phonesAreTier1 = new Classifier(ClassifierSettings.defaults().withTier("PHONE", Tier.TIER_1));
        assertThat(phonesAreTier1.classify("call +44 20 7946 0958").tier()).isEqualTo(Tier.TIER_1);
    }

    @Test
    void overlappingFindingsGoToTheMoreSpecificType() {
        // the password of a connection string, not an e-mail address "S3cr3t@db.example.com"
        assertThat(types("mysql://app:S3cr3tX@db.example.com/shop")).containsExactly("PASSWORD");
    }

    @Test
    void reportsEveryFindingInOrderAndCountsThemByTypeAndTier() {
        Classification c = classifier.classify(
                "a@example.com then 4111111111111111 then b@example.org then AKIAIOSFODNN7EXAMPLE");
        assertThat(c.findings()).extracting(Finding::type)
                .containsExactly("EMAIL", "PAYMENT_CARD", "EMAIL", "CLOUD_KEY");
        assertThat(c.counts()).extracting(fc -> fc.type() + "/" + fc.tier() + "=" + fc.count())
                .containsExactly("CLOUD_KEY/2=1", "EMAIL/2=2", "PAYMENT_CARD/2=1");
        assertThat(c.complete()).isTrue();
    }
}
